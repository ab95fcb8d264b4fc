using GroupReduce.Trainer.Corpus;
using GroupReduce.Trainer.Model;

namespace GroupReduce.Trainer.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void Training_twice_gives_identical_weights_whatever_the_thread_count()
    {
        float[][] first = Train(seed: 1, threads: 2);
        float[][] second = Train(seed: 1, threads: 2);
        float[][] oneThread = Train(seed: 1, threads: 1);
        float[][] otherSeed = Train(seed: 2, threads: 2);

        for (int t = 0; t < first.Length; t++)
        {
            Assert.Equal(first[t], second[t]);
            Assert.Equal(first[t], oneThread[t]);
        }

        Assert.NotEqual(first[0], otherSeed[0]);
    }

    [Fact]
    public void Training_beats_the_unigram_model_on_its_own_text()
    {
        CorpusSplit split = CorpusSplit.ByDocument(TinyCorpus.Documents());
        Vocabulary vocabulary = Vocabulary.Build(split.Train, 1);
        ExampleSet train = ExampleSet.FromSentences(split.Train, vocabulary, 2);
        var options = new TrainingOptions { Context = 2, Embedding = 8, Hidden = 8, Batch = 16, MaxEpochs = 4, LearningRate = 0.01f, Threads = 2 };

        TrainingResult result = new NplmTrainer(options, TextWriter.Null).Train(new NplmShape(vocabulary.Count, 2, 8, 8), vocabulary.Counts, train, train);

        var computation = new NplmComputation(result.Weights.Shape, 64, new ParallelOptions());
        Assert.True(PerplexityMeter.Measure(computation, result.Weights, train, 64) < UnigramModel.Perplexity(vocabulary, train) / 2);
    }

    [Fact]
    public void Gru_training_twice_gives_identical_weights_whatever_the_thread_count()
    {
        float[][] first = TrainGru(seed: 1, threads: 2);
        float[][] second = TrainGru(seed: 1, threads: 2);
        float[][] oneThread = TrainGru(seed: 1, threads: 1);
        float[][] otherSeed = TrainGru(seed: 2, threads: 2);

        for (int t = 0; t < first.Length; t++)
        {
            Assert.Equal(first[t], second[t]);
            Assert.Equal(first[t], oneThread[t]);
        }

        Assert.NotEqual(first[0], otherSeed[0]);
    }

    [Fact]
    public void Gru_training_beats_the_unigram_model_on_its_own_text()
    {
        CorpusSplit split = CorpusSplit.ByDocument(TinyCorpus.Documents());
        Vocabulary vocabulary = Vocabulary.Build(split.Train, 1);
        SentenceSet train = SentenceSet.FromSentences(split.Train, vocabulary);
        var options = new TrainingOptions { Family = "gru", Embedding = 8, Hidden = 8, Batch = 4, MaxEpochs = 4, LearningRate = 0.01f, Threads = 2 };
        var shape = new GruShape(vocabulary.Count, 8, 8);

        GruTrainingResult result = new GruTrainer(options, TextWriter.Null).Train(shape, vocabulary.Counts, vocabulary.End, train, train);

        var computation = new GruComputation(shape, vocabulary.End, new ParallelOptions());
        double unigram = UnigramModel.Perplexity(vocabulary, ExampleSet.FromSentences(split.Train, vocabulary, 1));
        Assert.Equal(ExampleSet.FromSentences(split.Train, vocabulary, 1).Count, train.Predictions);
        Assert.True(PerplexityMeter.Measure(computation, result.Weights, train) < unigram / 2);
    }

    private static float[][] TrainGru(ulong seed, int threads)
    {
        CorpusSplit split = CorpusSplit.ByDocument(TinyCorpus.Documents());
        Vocabulary vocabulary = Vocabulary.Build(split.Train, 2);
        var options = new TrainingOptions { Family = "gru", Embedding = 16, Hidden = 24, Batch = 5, MaxEpochs = 2, LearningRate = 0.01f, Seed = seed, Threads = threads };
        var shape = new GruShape(vocabulary.Count, 16, 24);
        GruTrainingResult result = new GruTrainer(options, TextWriter.Null).Train(
            shape, vocabulary.Counts, vocabulary.End, SentenceSet.FromSentences(split.Train, vocabulary), SentenceSet.FromSentences(split.Valid, vocabulary));
        return [.. result.Weights.All.Select(t => (float[])t.Clone())];
    }

    private static float[][] Train(ulong seed, int threads)
    {
        CorpusSplit split = CorpusSplit.ByDocument(TinyCorpus.Documents());
        Vocabulary vocabulary = Vocabulary.Build(split.Train, 2);
        ExampleSet train = ExampleSet.FromSentences(split.Train, vocabulary, 3);
        ExampleSet valid = ExampleSet.FromSentences(split.Valid, vocabulary, 3);
        var options = new TrainingOptions { Context = 3, Embedding = 16, Hidden = 24, Batch = 20, MaxEpochs = 2, LearningRate = 0.01f, Seed = seed, Threads = threads };
        var shape = new NplmShape(vocabulary.Count, 3, 16, 24);
        TrainingResult result = new NplmTrainer(options, TextWriter.Null).Train(shape, vocabulary.Counts, train, valid);
        return [.. result.Weights.All.Select(t => (float[])t.Clone())];
    }
}
