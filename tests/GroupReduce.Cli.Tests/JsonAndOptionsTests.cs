using System.Text.Json;

namespace GroupReduce.Cli.Tests;

/// <summary>
/// What scripts rely on: <c>--json</c> prints one JSON document on stdout and nothing else, every command spells the plugin
/// folder option <c>--plugins</c> (the old <c>plugins list --path</c> still works, with a warning), help says each default once.
/// </summary>
public sealed class JsonAndOptionsTests
{
    [Fact]
    public void Json_of_every_command_that_prints_a_result_is_one_document_with_real_values()
    {
        using var cli = new CliRun();

        JsonElement compress = Json(cli, "compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli["lm.gr.safetensors"], "--json");
        long compressed = compress.GetProperty("result").GetProperty("bytes").GetInt64();
        Assert.InRange(compressed, 1, compress.GetProperty("result").GetProperty("original_bytes").GetInt64() - 1);

        // A model file, not an artifact: its tensors as JSON, no table.
        JsonElement model = Json(cli, "inspect", cli["lm.safetensors"], "--json");
        Assert.Equal("safetensors", model.GetProperty("format").GetString());
        Assert.Equal(new FileInfo(cli["lm.safetensors"]).Length, model.GetProperty("bytes").GetInt64());
        JsonElement encoder = model.GetProperty("tensors").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "encoder.weight");
        Assert.Equal([2000, 64], encoder.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(512_000, encoder.GetProperty("bytes").GetInt64());

        JsonElement artifact = Json(cli, "inspect", cli["lm.gr.safetensors"], "--json");
        Assert.Equal(compressed, artifact.GetProperty("compressed_bytes").GetInt64());

        JsonElement export = Json(cli, "export", cli["lm.gr.safetensors"], "-o", cli["dense.safetensors"], "--json");
        Assert.Equal(cli["dense.safetensors"], export.GetProperty("output").GetString());
        Assert.Equal("safetensors", export.GetProperty("format").GetString());
        Assert.Equal(new FileInfo(cli["dense.safetensors"]).Length, export.GetProperty("bytes").GetInt64());
        Assert.Contains("encoder.weight", export.GetProperty("rebuilt_tensors").EnumerateArray().Select(t => t.GetString()));

        JsonElement plugins = Json(cli, "plugins", "list", "--json");
        JsonElement cpu = plugins.GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "cpu");
        Assert.Equal("solver", cpu.GetProperty("kind").GetString());
        Assert.True(File.Exists(cpu.GetProperty("path").GetString()));
        Assert.Equal(64, cpu.GetProperty("sha256").GetString()!.Length);
        Assert.Equal(JsonValueKind.Array, plugins.GetProperty("refused").ValueKind);

        JsonElement sweep = Json(cli, "sweep", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "--rates", "4", "--methods", "svd", "--quantizers", "none", "--no-plots", "-o", cli["sweep"], "--json");
        Assert.Equal(1, sweep.GetProperty("cells").GetArrayLength());
    }

    [Fact]
    public void Plugins_list_takes_plugins_and_the_old_path_spelling_with_a_one_line_warning()
    {
        using var cli = new CliRun();
        string folder = Path.Combine(AppContext.BaseDirectory, "testplugins");

        Assert.Equal(0, cli.Run("plugins", "list", "--plugins", folder, "--json"));
        string expected = cli.Output;
        Assert.Contains("\"tripwire\"", expected, StringComparison.Ordinal);
        Assert.Equal(string.Empty, cli.Error);

        foreach (string alias in new[] { "--path", "-p" })
        {
            Assert.Equal(0, cli.Run("plugins", "list", alias, folder, "--json"));
            Assert.Equal(expected, cli.Output);
            Assert.Equal(PluginsCommand.PathDeprecated + Environment.NewLine, cli.Error);
        }

        Assert.Equal(0, cli.Run("plugins", "list", "--help"));
        Assert.Contains("--plugins", cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--path", cli.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compress")]
    [InlineData("sweep")]
    [InlineData("tune")]
    [InlineData("inspect")]
    [InlineData("eval")]
    [InlineData("export")]
    [InlineData("counts")]
    [InlineData("plugins", "list")]
    public void Help_gives_each_default_once(params string[] command)
    {
        using var cli = new CliRun();

        Assert.Equal(0, cli.Run([.. command, "--help"]));

        foreach (string line in cli.Output.Split('\n').Where(l => l.Contains("[default:", StringComparison.Ordinal)))
        {
            string description = line[..line.IndexOf("[default:", StringComparison.Ordinal)];
            Assert.DoesNotContain("default", description, StringComparison.OrdinalIgnoreCase);
        }

        // --threads says "all processors" in words; a number in brackets would be this machine's count.
        Assert.DoesNotMatch(@"--threads.*\[default:", cli.Output);
        Assert.Contains("--no-color", cli.Output, StringComparison.Ordinal);
    }

    private static JsonElement Json(CliRun cli, params string[] args)
    {
        Assert.True(cli.Run(args) == 0, cli.Error);
        // Nothing but the document on stdout: Parse fails on anything before or after it.
        using JsonDocument document = JsonDocument.Parse(cli.Output);
        return document.RootElement.Clone();
    }
}
