using System.Text;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using static GroupReduce.Testing.Models.SafetensorsBytes;

namespace GroupReduce.Core.Tests.Models;

public sealed class SafetensorsVocabularyTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Tokens_in_the_vocabulary_tensors_are_the_models_vocabulary()
    {
        // "naïve" is 6 bytes of UTF-8: offsets count bytes, not characters.
        string path = Write([0, 3, 9, 14], "the" + "naïve" + "<eos>", "U8", [14]);

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(["the", "naïve", "<eos>"], file.Vocabulary!);
        Assert.Contains(file.Tensors, t => t.Name == "groupreduce.vocab.offsets");
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 8, 12 }, "must start at 0")]
    [InlineData(new long[] { 0, 8, 3, 12 }, "must not decrease")]
    [InlineData(new long[] { 0, 3, 8, 11 }, "the last offset must equal the byte count")]
    [InlineData(new long[] { 0, 3, 8, 13 }, "must stay within the 12 token bytes")]
    public void Offsets_that_do_not_describe_the_bytes_are_refused(long[] offsets, string mention)
    {
        string path = Write(offsets, "the" + "naive" + "<eos", "U8", [12]);

        ErrorAssert.Open(path, "GR2023", "groupreduce.vocab.offsets", mention);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_with_the_token_index()
    {
        byte[] data = LittleEndian.Concat(LittleEndian.Int64s(0, 1, 2), [0x61, 0xFF]);
        string header = Header(Entry("groupreduce.vocab.offsets", "I64", [3], 0, 24), Entry("groupreduce.vocab.bytes", "U8", [2], 24, 26));
        string path = _dir.Write("bad-utf8.safetensors", Build(header, data));

        ErrorAssert.Open(path, "GR2023", "token 1", "not valid UTF-8");
    }

    [Fact]
    public void One_tensor_without_the_other_is_refused()
    {
        byte[] data = LittleEndian.Int64s(0, 1);
        string path = _dir.Write("half.safetensors", Build(Header(Entry("groupreduce.vocab.offsets", "I64", [2], 0, 16)), data));

        ErrorAssert.Open(path, "GR2023", "groupreduce.vocab.bytes", "needs both");
    }

    [Fact]
    public void A_wrong_dtype_is_refused()
    {
        string path = Write([0, 3, 8, 12], "the" + "naive" + "<eos", "I8", [12]);

        ErrorAssert.Open(path, "GR2023", "must be U8");
    }

    private string Write(long[] offsets, string tokens, string bytesDType, long[] bytesShape)
    {
        byte[] text = Encoding.UTF8.GetBytes(tokens);
        byte[] offsetBytes = LittleEndian.Int64s(offsets);
        byte[] data = LittleEndian.Concat(offsetBytes, text);
        string header = Header(
            Entry("groupreduce.vocab.offsets", "I64", [offsets.Length], 0, offsetBytes.Length),
            Entry("groupreduce.vocab.bytes", bytesDType, bytesShape, offsetBytes.Length, data.Length));
        return _dir.Write(Guid.NewGuid().ToString("N") + ".safetensors", Build(header, data));
    }
}
