using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Hostile;

public sealed class Word2VecHostileTests : IDisposable
{
    private static readonly (string Token, float[] Values)[] Rows =
    [
        ("the", [0.5f, -1f, 2f]),
        ("of", [1.25f, 0f, -3.5f]),
        ("é", [4f, 5f, 6f]),
    ];

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_truncation_of_a_binary_file_is_usable_or_a_typed_error()
    {
        HostileModel.EveryPrefix(_dir, "w.bin", Word2VecBytes.Binary(Rows));
    }

    [Fact]
    public void Random_single_byte_corruptions_of_a_binary_file_are_usable_or_typed_errors()
    {
        HostileModel.RandomCorruptions(_dir, "w.bin", Word2VecBytes.Binary(Rows), 300, seed: 21);
    }

    [Fact]
    public void Every_truncation_of_a_text_file_is_usable_or_a_typed_error()
    {
        HostileModel.EveryPrefix(_dir, "w.txt", Encoding.UTF8.GetBytes(Word2VecBytes.Text(Rows, header: true)));
    }

    [Fact]
    public void Random_single_byte_corruptions_of_a_glove_file_are_usable_or_typed_errors()
    {
        HostileModel.RandomCorruptions(_dir, "g.txt", Encoding.UTF8.GetBytes(Word2VecBytes.Text(Rows, header: false)), 300, seed: 22);
    }

    [Fact]
    public void A_header_declaring_more_rows_than_the_file_holds_is_refused_before_allocating()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("4000000000000 3\n"), .. Word2VecBytes.Binary(Rows).AsSpan(4)];

        ErrorAssert.Open(_dir.Write("rows.bin", bytes), ModelErrorCodes.Truncated, "4000000000000");
    }

    [Fact]
    public void A_bad_value_quotes_only_a_short_excerpt_of_the_token_and_field()
    {
        string token = new('t', 5000);
        string field = new('x', 5000);
        string path = _dir.WriteText("v.txt", $"a 1 2\nb 3 4\n{token} 1 {field}\n");

        GroupReduceException error = ErrorAssert.Open(path, ModelErrorCodes.TextValueInvalid);

        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public void A_text_header_declaring_huge_rows_and_columns_is_ragged_not_a_huge_buffer()
    {
        string path = _dir.WriteText("wide.txt", "1000000000 500000000\n\na 1 2\n");

        long before = GC.GetAllocatedBytesForCurrentThread();
        ErrorAssert.Open(path, ModelErrorCodes.TextRowRagged, "500000000");

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "a buffer was sized from the header");
    }
}
