using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace GroupReduce.Cli.Tests;

/// <summary><c>inspect</c> and <c>eval</c> on hostile artifacts: a GR error with exit code 1, quickly, never exit code 2.</summary>
public sealed class InspectHostileTests
{
    [Theory]
    [InlineData("tool", "'tool'")]
    [InlineData("plugins", "'plugins'")]
    [InlineData("input", "'input'")]
    [InlineData("quantization", "'quantization'")]
    public void Inspect_of_a_manifest_with_a_null_field_is_a_gr2040_naming_it(string key, string field)
    {
        using var cli = new CliRun();
        Compress(cli);
        WriteWithManifest(cli["a.gr.safetensors"], cli["null.gr.safetensors"], manifest => manifest[key] = null);

        Assert.Equal(1, cli.Run("inspect", cli["null.gr.safetensors"]));

        Assert.Contains("error GR2040", cli.Error, StringComparison.Ordinal);
        Assert.Contains(field, cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_of_null_items_in_lists_is_a_gr2040()
    {
        using var cli = new CliRun();
        Compress(cli);
        WriteWithManifest(cli["a.gr.safetensors"], cli["null.gr.safetensors"], manifest => manifest["matrices"]![0]!["tied"] = new JsonArray((JsonNode?)null));

        Assert.Equal(1, cli.Run("inspect", cli["null.gr.safetensors"]));

        Assert.Contains("'matrices[0].tied[0]' is missing or null", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_lists_the_first_thousand_tensors_and_counts_the_rest_unless_all()
    {
        using var cli = new CliRun();
        var header = new StringBuilder("{");
        for (int i = 0; i < 2500; i++)
        {
            header.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"t{i:D5}\":{{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[{i},{i + 1}]}},");
        }

        header.Length--;
        header.Append('}');
        WriteSafetensors(cli["many.safetensors"], Encoding.UTF8.GetBytes(header.ToString()), new byte[2500]);

        Assert.Equal(0, cli.Run("inspect", cli["many.safetensors"]));

        Assert.Contains("t00999", cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("t01000", cli.Output, StringComparison.Ordinal);
        Assert.Contains("and 1,500 more tensor(s); pass --all", cli.Output, StringComparison.Ordinal);

        Assert.Equal(0, cli.Run("inspect", cli["many.safetensors"], "--all"));

        Assert.Contains("t02499", cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("more tensor(s)", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_shows_control_characters_in_names_escaped()
    {
        using var cli = new CliRun();
        WriteSafetensors(cli["esc.safetensors"], Encoding.UTF8.GetBytes("{\"bad\\u001b[2Jname\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}"), new byte[1]);

        Assert.Equal(0, cli.Run("inspect", cli["esc.safetensors"]));

        Assert.DoesNotContain("\u001b[2J", cli.Output, StringComparison.Ordinal);
        Assert.Contains("bad\\u001B[2Jname", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_shows_control_characters_in_manifest_text_escaped()
    {
        using var cli = new CliRun();
        Compress(cli);
        WriteWithManifest(cli["a.gr.safetensors"], cli["esc.gr.safetensors"], manifest =>
        {
            manifest["tool"]!["name"] = "evil\u001b]0;owned\u0007tool";
            manifest["input"]!["file"] = "lm\rsafetensors";
        });

        Assert.Equal(0, cli.Run("inspect", cli["esc.gr.safetensors"]));

        Assert.DoesNotContain("\u001b", cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", cli.Output, StringComparison.Ordinal);
        Assert.Contains("evil\\u001B]0;owned\\u0007tool", cli.Output, StringComparison.Ordinal);
        Assert.Contains("lm\\u000Dsafetensors", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_of_an_artifact_declaring_a_billion_rows_fails_fast_with_a_gr_code()
    {
        using var cli = new CliRun();
        Compress(cli);
        WriteWithManifest(cli["a.gr.safetensors"], cli["huge.gr.safetensors"], manifest =>
        {
            foreach (JsonNode? matrix in manifest["matrices"]!.AsArray())
            {
                matrix!["rows"] = 1_000_000_000;
                matrix.AsObject().Remove("partition");
                foreach (JsonNode? group in matrix["groups"]!.AsArray())
                {
                    group!["rows"] = group["index"]!.GetValue<int>() == 0 ? 1_000_000_000 : 0;
                }
            }
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        Assert.Equal(1, cli.Run("eval", cli["lm.safetensors"], cli["huge.gr.safetensors"], "--spec", cli["groupreduce.yaml"]));

        Assert.Contains("error GR2040", cli.Error, StringComparison.Ordinal);
        Assert.True(clock.ElapsedMilliseconds < 5000, $"{clock.ElapsedMilliseconds} ms");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "allocated too much");
    }

    private static void Compress(CliRun cli) =>
        Assert.Equal(0, cli.Run("compress", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "-o", cli["a.gr.safetensors"], "--quiet"));

    private static void WriteWithManifest(string from, string to, Action<JsonObject> edit)
    {
        byte[] artifact = File.ReadAllBytes(from);
        long length = BitConverter.ToInt64(artifact, 0);
        JsonObject header = JsonNode.Parse(Encoding.UTF8.GetString(artifact, 8, (int)length))!.AsObject();
        JsonObject manifest = JsonNode.Parse((string)header["__metadata__"]!["groupreduce.manifest"]!)!.AsObject();
        edit(manifest);
        header["__metadata__"]!["groupreduce.manifest"] = manifest.ToJsonString();
        string text = header.ToJsonString();
        text += new string(' ', (8 - ((8 + Encoding.UTF8.GetByteCount(text)) % 8)) % 8);
        WriteSafetensors(to, Encoding.UTF8.GetBytes(text), artifact[(8 + (int)length)..]);
    }

    private static void WriteSafetensors(string path, byte[] header, byte[] data)
    {
        using FileStream stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((long)header.Length));
        stream.Write(header);
        stream.Write(data);
    }
}
