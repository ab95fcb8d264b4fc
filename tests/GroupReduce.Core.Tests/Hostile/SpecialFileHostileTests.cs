using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Models;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Engine;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>A FIFO or a device named as an input must be refused before it is opened: opening a FIFO blocks, a device never ends.</summary>
public sealed class SpecialFileHostileTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_fifo_as_the_model_is_refused_without_blocking()
    {
        if (Fifo() is not { } fifo)
        {
            return;
        }

        GroupReduceException error = WithoutBlocking(fifo, () => ModelFileReader.Open(fifo).Dispose());

        Assert.Equal(ModelErrorCodes.FileUnreadable, error.Code);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelErrorCodes.FileUnreadable, WithoutBlocking(fifo, () => ModelFileReader.Detect(fifo)).Code);
    }

    [Fact]
    public void A_symbolic_link_to_a_fifo_is_refused_and_one_to_a_regular_file_is_followed()
    {
        if (Fifo() is not { } fifo)
        {
            return;
        }

        string toFifo = Path.Combine(_dir.Path, "to-fifo.bin");
        File.CreateSymbolicLink(toFifo, fifo);
        Assert.Equal(ModelErrorCodes.FileUnreadable, WithoutBlocking(fifo, () => ModelFileReader.Open(toFifo).Dispose()).Code);

        string model = _dir.Write("m.safetensors", SafetensorsHostileTests.Valid());
        string toModel = Path.Combine(_dir.Path, "to-model.bin");
        File.CreateSymbolicLink(toModel, model);
        using ModelFile file = ModelFileReader.Open(toModel);
        Assert.Equal(3, file.Tensors.Count);
    }

    [Fact]
    public void A_fifo_as_the_spec_is_refused_without_blocking()
    {
        if (Fifo() is not { } fifo)
        {
            return;
        }

        GroupReduceException error = WithoutBlocking(fifo, () => SpecLoader.Load(fifo));

        Assert.Equal(SpecErrorCodes.SpecFileUnreadable, error.Code);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_as_the_counts_file_is_refused_without_blocking()
    {
        if (Fifo() is not { } fifo)
        {
            return;
        }

        GroupReduceException error = WithoutBlocking(fifo, () => FrequencyResolver.Resolve(Counts(fifo), 3, null));

        Assert.Equal(FrequencyErrorCodes.FileUnreadable, error.Code);
    }

    [Fact]
    public void A_fifo_or_a_device_as_the_token_file_is_refused_without_blocking()
    {
        var ids = new Dictionary<string, int> { ["a"] = 0 };
        if (File.Exists("/dev/zero"))
        {
            Assert.Equal(EvaluationErrorCodes.TokenFileInvalid, Assert.Throws<GroupReduceException>(() => TokenCorpus.Read("/dev/zero", ids, 0)).Code);
        }

        if (Fifo() is not { } fifo)
        {
            return;
        }

        GroupReduceException error = WithoutBlocking(fifo, () => TokenCorpus.Read(fifo, ids, 0));

        Assert.Equal(EvaluationErrorCodes.TokenFileInvalid, error.Code);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_file_with_invalid_utf8_is_a_typed_error_naming_the_line()
    {
        string path = _dir.Write("tokens.txt", [.. "a a\n"u8, 0x61, 0xFF, 0x0A]);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => TokenCorpus.Read(path, new Dictionary<string, int> { ["a"] = 0 }, 0));

        Assert.Equal(EvaluationErrorCodes.TokenFileInvalid, error.Code);
        Assert.Equal(2, error.Location?.Line);
    }

    [Fact]
    public void Dev_zero_as_counts_vocabulary_model_or_spec_is_refused_at_once()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/dev/zero"))
        {
            return;
        }

        Assert.Equal(FrequencyErrorCodes.FileUnreadable, Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(Counts("/dev/zero"), 3, null)).Code);
        string counts = _dir.WriteText("counts.tsv", "a\t1\nb\t2\nc\t3\n");
        FrequencySpec withVocabulary = Counts(counts, "/dev/zero");
        GroupReduceException vocabulary = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(withVocabulary, 3, null));
        Assert.Equal(FrequencyErrorCodes.FileUnreadable, vocabulary.Code);
        Assert.Contains("character device", vocabulary.Message, StringComparison.Ordinal);
        Assert.Equal(ModelErrorCodes.FileUnreadable, Assert.Throws<GroupReduceException>(() => ModelFileReader.Open("/dev/zero")).Code);
        Assert.Equal(SpecErrorCodes.SpecFileUnreadable, Assert.Throws<GroupReduceException>(() => SpecLoader.Load("/dev/zero")).Code);
    }

    [Fact]
    public void A_folder_as_the_model_is_refused()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => ModelFileReader.Open(_dir.Path));

        Assert.Equal(ModelErrorCodes.FileUnreadable, error.Code);
        Assert.Contains("folder", error.Message, StringComparison.Ordinal);
    }

    internal static FrequencySpec Counts(string path, string? vocabulary = null) => new()
    {
        Vocabulary = vocabulary is null ? null : new SpecValue<string>(vocabulary, new SourceLocation("spec.yaml", 5, 15)),
        Source = new SpecValue<FrequencySource>(FrequencySource.Counts, default),
        Padding = new SpecValue<PaddingPolicy>(PaddingPolicy.Smooth, default),
        Path = new SpecValue<string>(path, new SourceLocation("spec.yaml", 4, 9)),
        Exponent = new SpecValue<double>(1, default),
        Missing = new SpecValue<MissingCountPolicy>(MissingCountPolicy.Error, default),
        SmoothingCount = new SpecValue<double>(1, default),
        Location = default,
    };

    // Runs the call on another thread; if it blocks (the defect), a writer opens the FIFO to release it
    // and the test fails instead of hanging the run.
    private static GroupReduceException WithoutBlocking(string fifo, Action call)
    {
        Task<GroupReduceException> task = Task.Run(() => Assert.Throws<GroupReduceException>(call));
        if (!task.Wait(TimeSpan.FromSeconds(10)))
        {
            using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("opening the FIFO blocked");
        }

        return task.Result;
    }

    private string? Fifo()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        string path = Path.Combine(_dir.Path, "pipe");
        using var process = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path;
    }
}
