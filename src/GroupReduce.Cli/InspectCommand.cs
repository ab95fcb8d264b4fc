using System.CommandLine;
using System.Globalization;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Tokenizers;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary><c>groupreduce inspect</c>: what any supported file holds, and for an artifact its groups, ranks, encodings, rate and spec.</summary>
internal static class InspectCommand
{
    // A header may declare millions of tensors (or a manifest thousands of groups); a table of them all takes minutes
    // and gigabytes to lay out and helps nobody. --all lifts the limit.
    private const int TableRows = 1000;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "A model file or a GroupReduce artifact (format detected by content)." };
        Option<bool> json = CommonOptions.Json("Print JSON: an artifact's manifest, or a model file's tensors, tensor types, shards and tied matrices.");
        Option<bool> verbose = CommonOptions.Verbose();
        var all = new Option<bool>("--all") { Description = $"List every tensor and group; without it a table stops after {TableRows:N0} rows and says how many it left out." };
        var command = new Command("inspect", "Show the tensors of a model file (names, dtypes, shapes, bytes) and, for an artifact, how it was compressed.")
        {
            file, json, all, verbose,
        };
        command.SetAction(parse => ErrorReporter.Run(() => Execute(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(all), output), error, parse.GetValue(verbose)));
        return command;
    }

    private static int Execute(FileInfo file, bool json, bool all, TextWriter output)
    {
        using ModelFile model = ModelFileReader.Open(file.FullName);
        (ArtifactManifest Manifest, string Spec)? artifact = ArtifactReader.TryRead(model);
        if (json && artifact is { } found)
        {
            output.WriteLine(ArtifactReader.ToJson(found.Manifest, indented: true));
            return ExitCodes.Ok;
        }

        int limit = all ? int.MaxValue : TableRows;
        IReadOnlyList<IReadOnlyList<string>> identical = TiedMatrices.Find(model);
        if (json)
        {
            output.WriteLine(ModelJson.Of(model, identical, limit).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }

        IAnsiConsole console = Terminal.For(output);
        // A checkpoint folder stands for its index (or model.safetensors): describe the file actually read.
        var read = new FileInfo(model.Path);
        console.WriteLine(TerminalText.Printable($"{read.FullName}: {model.Format.ToString().ToLowerInvariant()}, {ByteSize.Format(read.Length)}, {model.Tensors.Count} tensor(s){(model.Vocabulary is { } v ? $", vocabulary of {v.Count:N0} tokens" : string.Empty)}"));
        WriteTypes(console, model);
        Dictionary<string, string> shardOf = WriteShards(console, model);
        var tensors = new Table().AddColumns("tensor", "dtype", "shape", "bytes");
        if (shardOf.Count > 0)
        {
            tensors.AddColumn("shard");
        }

        foreach (ModelTensor tensor in model.Tensors.Take(limit))
        {
            string[] cells =
            [
                tensor.Name,
                ModelJson.TypeOf(tensor),
                "[" + string.Join(", ", tensor.Shape) + "]",
                tensor.ByteLength.ToString("N0", CultureInfo.InvariantCulture),
            ];
            tensors.AddTextRow(shardOf.Count > 0 ? [.. cells, shardOf.GetValueOrDefault(tensor.Name, "-")] : cells);
        }

        console.Write(tensors);
        WriteLeftOut(console, model.Tensors.Count - limit, "tensor");
        WriteVocabularyMatrices(console, model);
        WriteTied(console, identical);

        WriteTokenizer(console, TokenizerFacts.Of(model));
        if (artifact is not { } a)
        {
            return ExitCodes.Ok;
        }

        ArtifactManifest manifest = a.Manifest;
        console.WriteLine(TerminalText.Printable($"GroupReduce artifact, format {manifest.FormatVersion}, written by {manifest.Tool.Name} {manifest.Tool.Version}"));
        console.WriteLine(TerminalText.Printable($"  method: {manifest.Method}; quantization: {manifest.Quantization}; budget: {manifest.Budget}"));
        console.WriteLine(TerminalText.Printable($"  compression: {ByteSize.Format(manifest.OriginalBytes)} -> {ByteSize.Format(manifest.CompressedBytes)} ({manifest.CompressionRate.ToString("0.##", CultureInfo.InvariantCulture)}x)"));
        console.WriteLine(TerminalText.Printable($"  input: {manifest.Input.File} ({manifest.Input.Format}, {ByteSize.Format(manifest.Input.Bytes)}, {manifest.Input.Hash})"));
        foreach (ManifestPlugin plugin in manifest.Plugins)
        {
            console.WriteLine(TerminalText.Printable($"  {plugin.Kind}: {plugin.Name} ({plugin.Assembly} {plugin.Version}, contract {plugin.Contract}){(plugin.Device is null ? string.Empty : "; " + plugin.Device)}"));
        }

        foreach (ManifestMatrix matrix in manifest.Matrices)
        {
            string tied = matrix.Tied.Count > 0 ? $", tied: {string.Join(", ", matrix.Tied)}" : string.Empty;
            if (matrix.Sparse is { } sparse)
            {
                console.WriteLine(TerminalText.Printable($"  {matrix.Tensor} [{matrix.Rows} x {matrix.Columns}] {matrix.OriginalDtype}{tied}: sparse, {sparse.Entries:N0} entries kept"));
                continue;
            }

            console.WriteLine(TerminalText.Printable($"  {matrix.Tensor} [{matrix.Rows} x {matrix.Columns}] {matrix.OriginalDtype}{tied}: {matrix.Groups.Count} group(s){(matrix.Partition is null ? string.Empty : $", map of partition {matrix.Partition}")}"));
            var groups = new Table().AddColumns("group", "rows", "storage", "rank", "encoding", "bytes");
            foreach (ManifestGroup group in matrix.Groups.Take(limit))
            {
                IReadOnlyList<ManifestPart> parts = (group.U ?? []).Concat(group.V ?? []).Concat(group.Dense ?? []).ToList();
                long bytes = parts.Sum(p => TensorBytes(model, p));
                string encoding = parts.Count == 0 ? "-" : string.Join(", ", parts.Select(Encoding).Distinct());
                groups.AddTextRow(
                    group.Index.ToString(CultureInfo.InvariantCulture),
                    group.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    group.Kind,
                    group.Rank.ToString(CultureInfo.InvariantCulture),
                    encoding,
                    bytes.ToString("N0", CultureInfo.InvariantCulture));
            }

            console.Write(groups);
            WriteLeftOut(console, matrix.Groups.Count - limit, "group");
        }

        foreach (string problem in ArtifactReader.Validate(model, manifest))
        {
            console.WriteLine(TerminalText.Printable($"  problem: {problem}"));
        }

        console.WriteLine("  spec:");
        foreach (string line in a.Spec.Split('\n'))
        {
            console.WriteLine(TerminalText.Printable("    " + line.TrimEnd('\r')));
        }

        return ExitCodes.Ok;
    }

    // A sharded checkpoint: which shard files were read, and (returned for the table) which tensor came from which.
    private static Dictionary<string, string> WriteShards(IAnsiConsole console, ModelFile model)
    {
        var shardOf = new Dictionary<string, string>(StringComparer.Ordinal);
        if (model.Shards.Count == 0)
        {
            return shardOf;
        }

        console.WriteLine(TerminalText.Printable($"sharded checkpoint: {model.Shards.Count} shard(s) beside the index"));
        foreach (ModelShard shard in model.Shards)
        {
            string name = Path.GetFileName(shard.Path);
            long bytes = new FileInfo(shard.Path).Length;
            console.WriteLine(TerminalText.Printable($"  {name}: {shard.Tensors.Count} tensor(s), {ByteSize.Format(bytes)}"));
            foreach (string tensor in shard.Tensors)
            {
                shardOf[tensor] = name;
            }
        }

        return shardOf;
    }

    // What the graph shows as the embedding and the logits weight, so the spec's matrices can be copied from here.
    private static void WriteVocabularyMatrices(IAnsiConsole console, ModelFile model)
    {
        if (model.VocabularyMatrices.Count == 0)
        {
            return;
        }

        console.WriteLine("vocabulary matrices found in the graph:");
        foreach (VocabularyMatrix matrix in model.VocabularyMatrices)
        {
            string role = matrix.IsTied ? "embedding and logits weight (tied)" : matrix.IsEmbedding ? "embedding" : "logits weight";
            string shape = model.FindTensor(matrix.Tensor) is { } tensor ? " [" + string.Join(", ", tensor.Shape) + "]" : string.Empty;
            string columns = matrix.VocabularyInColumns ? "; stored [d, V] (vocabulary in columns), compressed as its transpose" : string.Empty;
            console.WriteLine(TerminalText.Printable($"  {matrix.Tensor}{shape}: {role}{columns}"));
        }
    }

    // How many tensors of each type (GGUF's block types, Q4_K and the like, among them): what a quantized file holds.
    private static void WriteTypes(IAnsiConsole console, ModelFile model)
    {
        IEnumerable<string> counts = model.Tensors.GroupBy(ModelJson.TypeOf).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}");
        if (model.Tensors.Count > 0)
        {
            console.WriteLine(TerminalText.Printable($"tensor types: {string.Join(", ", counts)}"));
        }
    }

    // Vocabulary matrices stored twice: the spec should name one and tie the others, or each is compressed (and paid for) twice.
    private static void WriteTied(IAnsiConsole console, IReadOnlyList<IReadOnlyList<string>> tied)
    {
        if (tied.Count == 0)
        {
            return;
        }

        console.WriteLine("tied matrices (same type, shape and bytes; compress one and list the others as its tied):");
        foreach (IReadOnlyList<string> group in tied)
        {
            console.WriteLine(TerminalText.Printable($"  {string.Join(" = ", group)}"));
        }
    }

    private static void WriteLeftOut(IAnsiConsole console, int count, string what)
    {
        if (count > 0)
        {
            console.WriteLine($"  … and {count.ToString("N0", CultureInfo.InvariantCulture)} more {what}(s); pass --all to list every one");
        }
    }

    private static string Encoding(ManifestPart part) => part.Scheme switch
    {
        "int" => $"int{part.Bits} (block {part.Block})",
        "codebook" => $"codebook {part.Bits}-bit",
        _ => part.Scheme,
    };

    private static long TensorBytes(ModelFile model, ManifestPart part) =>
        new[] { part.Data, part.Scales, part.Codebook }.Sum(name => name is null ? 0 : model.FindTensor(name)?.ByteLength ?? 0);

    private static void WriteTokenizer(IAnsiConsole console, TokenizerFacts? facts)
    {
        if (facts is null)
        {
            return;
        }

        console.WriteLine(TerminalText.Printable($"tokenizer: {facts.Description}"));
        if (facts.Error is { } error)
        {
            console.WriteLine(TerminalText.Printable($"  {error}"));
        }

        foreach ((string tensor, long rows, long padding) in facts.Padded)
        {
            console.WriteLine(TerminalText.Printable(FormattableString.Invariant($"  {tensor}: {rows:N0} rows, {padding:N0} past the tokenizer's {facts.Size:N0} tokens (padding: smoothed by default, frequencies.padding)")));
        }
    }
}
