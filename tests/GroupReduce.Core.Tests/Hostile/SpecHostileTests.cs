using System.Diagnostics;
using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Core.Tests.Spec;

namespace GroupReduce.Core.Tests.Hostile;

public sealed class SpecHostileTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_alias_bomb_is_a_typed_error_at_once()
    {
        var yaml = new StringBuilder(SpecText.Lines(SpecText.Minimal));
        yaml.Append("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++)
        {
            string alias = $"*a{i - 1}";
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat(alias, 10))}]\n");
        }

        var clock = Stopwatch.StartNew();
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => SpecLoader.Parse(yaml.ToString(), SpecText.SpecPath));

        Assert.Equal(SpecErrorCodes.YamlTooLarge, error.Code);
        Assert.Equal(9, error.Location?.Line);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the alias bomb was expanded");
    }

    [Fact]
    public void A_few_aliases_still_work()
    {
        string yaml = SpecText.Lines("version: 1", "matrices: &m [emb]", "frequencies: { source: uniform }", "budget: { rate: 4x }");

        Assert.NotNull(SpecLoader.Parse(yaml, SpecText.SpecPath));
    }

    [Fact]
    public void A_spec_over_the_size_cap_is_refused_before_reading()
    {
        string path = Path.Combine(_dir.Path, "groupreduce.yaml");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(SpecLoader.MaxSpecBytes + 1);
        }

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => SpecLoader.Load(path));

        Assert.Equal(SpecErrorCodes.SpecFileTooLarge, error.Code);
        Assert.Contains("16 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_that_is_not_utf8_is_a_typed_error_at_its_line()
    {
        string path = _dir.Write("groupreduce.yaml", [.. "version: 1\nmatrices: [e"u8, 0xFF, .. "]\n"u8]);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => SpecLoader.Load(path));

        Assert.Equal(SpecErrorCodes.SpecNotUtf8, error.Code);
        Assert.Equal(2, error.Location?.Line);
    }
}
