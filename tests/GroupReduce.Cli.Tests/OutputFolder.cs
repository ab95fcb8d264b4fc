using System.Text.Json;
using GroupReduce.Core;
using GroupReduce.Core.Execution;

namespace GroupReduce.Cli.Tests;

/// <summary>
/// The artifact a compress run replaces, with its reports: a previous run's files put in place before the test, and the
/// checks that a run (finished, interrupted or killed) left either those byte for byte or a new artifact with its own report.
/// </summary>
internal sealed class OutputFolder
{
    private static readonly byte[] OldArtifact = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))];
    private const string OldReport = "{ \"previous\": \"run\" }";

    public OutputFolder(CliRun cli, string name = "out.gr.safetensors")
    {
        Artifact = cli[name];
        (Json, Markdown) = OutputNames.ReportPaths(Artifact);
        Folder = cli.Folder;
    }

    public string Folder { get; }

    public string Artifact { get; }

    public string Json { get; }

    public string Markdown { get; }

    /// <summary>Puts a previous run's artifact and reports in place.</summary>
    public void WritePrevious()
    {
        File.WriteAllBytes(Artifact, OldArtifact);
        File.WriteAllText(Json, OldReport);
        File.WriteAllText(Markdown, OldReport);
    }

    public bool IsPrevious => File.ReadAllBytes(Artifact).AsSpan().SequenceEqual(OldArtifact);

    /// <summary>The hash the JSON report records for its artifact, or null when the report is absent or the previous one.</summary>
    public string? ReportedHash()
    {
        if (!File.Exists(Json) || File.ReadAllText(Json) == OldReport)
        {
            return null;
        }

        using var report = JsonDocument.Parse(File.ReadAllText(Json));
        return report.RootElement.GetProperty("artifact").GetProperty("hash").GetString();
    }

    public string ArtifactHash() => InputHash.OfFile(Artifact, CancellationToken.None);

    /// <summary>
    /// What a run may leave, whatever happened to it: the previous artifact byte for byte (with the previous reports, or —
    /// killed between renaming its reports and its artifact — reports whose hash says they describe another artifact), or
    /// a new, complete artifact with the report of exactly that artifact. Returns which.
    /// </summary>
    public string AssertConsistent(string context)
    {
        Assert.True(File.Exists(Artifact), $"the artifact is gone\n{context}");
        if (IsPrevious)
        {
            string? reported = ReportedHash();
            Assert.True(reported is null || reported != ArtifactHash(), $"a new report claims the previous artifact\n{context}");
            return reported is null ? "previous" : "previous, new report detectably not its own";
        }

        Assert.True(File.Exists(Json) && File.Exists(Markdown), $"a new artifact without its report\n{context}");
        Assert.Equal(ArtifactHash(), ReportedHash());
        return "new";
    }

    /// <summary>The hidden files a run uses (temporary files, the lock file): none may be left.</summary>
    public string[] Leftovers() => Directory.GetFiles(Folder).Select(Path.GetFileName).Where(name => name!.StartsWith('.')).Select(name => name!).ToArray();
}
