namespace GroupReduce.Core.Evaluation;

/// <summary>The parts every family's file has, read and checked against each other by <see cref="FamilyFile.ReadParts"/>.</summary>
/// <param name="Vocabulary">The tokens, in row order.</param>
/// <param name="Embedding"><c>embedding.weight</c>, <c>V x d</c>.</param>
/// <param name="Softmax"><c>softmax.weight</c>, <c>V x H</c>.</param>
/// <param name="SoftmaxBias"><c>softmax.bias</c>, <c>V</c> values.</param>
/// <param name="UnknownId">The row of <c>groupreduce.lm.unk</c>.</param>
/// <param name="EndOfSentenceId">The row of <c>groupreduce.lm.eos</c>.</param>
internal sealed record FamilyParts(IReadOnlyList<string> Vocabulary, DenseScoringMatrix Embedding, DenseScoringMatrix Softmax, float[] SoftmaxBias, int UnknownId, int EndOfSentenceId);
