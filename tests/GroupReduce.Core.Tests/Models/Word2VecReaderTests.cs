using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Models;

public sealed class Word2VecReaderTests : IDisposable
{
    private static readonly (string Token, float[] Values)[] Rows =
    [
        ("the", [0.5f, -1.25f, 3f]),
        ("naïve", [1e-3f, 2.5e10f, -0f]),
        ("</s>", [-7f, 0.1f, 42f]),
    ];

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_binary_rows_in_place_with_their_tokens(bool newlines)
    {
        string path = _dir.Write("vectors.bin", Word2VecBytes.Binary(Rows, newlines));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Word2VecBinary, file.Format);
        Assert.Equal(["the", "naïve", "</s>"], file.Vocabulary);
        ModelTensor tensor = Assert.Single(file.Tensors);
        Assert.Equal("embedding", tensor.Name);
        Assert.Equal(TensorDType.F32, tensor.DType);
        Assert.Equal([3L, 3L], tensor.Shape);
        Assert.Equal(36, tensor.ByteLength);
        float[] all = Rows.SelectMany(r => r.Values).ToArray();
        IRowMatrix matrix = tensor.AsMatrix();
        Assert.Equal(all, SafetensorsReaderTests.ReadAll(matrix));
        var middle = new float[6];
        matrix.CopyRows(1, 2, middle);
        Assert.Equal(all[3..], middle);
        Assert.True(matrix.TryGetRows(2, 1, out ReadOnlySpan<float> one));
        Assert.Equal(Rows[2].Values, one.ToArray());
        Assert.False(matrix.TryGetRows(0, 2, out _));
        Assert.Equal(LittleEndian.Floats(all), SafetensorsReaderTests.RawBytes(tensor));
    }

    [Fact]
    public void Reads_word2vec_text_with_a_header()
    {
        string path = _dir.WriteText("vectors.txt", Word2VecBytes.Text(Rows, header: true));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Word2VecText, file.Format);
        Assert.Equal(["the", "naïve", "</s>"], file.Vocabulary);
        Assert.Equal([3L, 3L], file.Tensors[0].Shape);
        Assert.Equal(Rows.SelectMany(r => r.Values), SafetensorsReaderTests.ReadAll(file.Tensors[0].AsMatrix()));
    }

    [Fact]
    public void Reads_glove_text_with_crlf_tabs_and_a_trailing_blank_line()
    {
        string text = Word2VecBytes.Text(Rows, header: false, newline: "\r\n").Replace("the 0.5", "the\t0.5", StringComparison.Ordinal) + "\r\n";
        string path = _dir.WriteText("glove.txt", text);

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Word2VecText, file.Format);
        Assert.Equal(["the", "naïve", "</s>"], file.Vocabulary);
        Assert.Equal(Rows.SelectMany(r => r.Values), SafetensorsReaderTests.ReadAll(file.Tensors[0].AsMatrix()));
    }

    [Fact]
    public void Parses_numbers_with_the_invariant_culture()
    {
        string path = _dir.WriteText("glove.txt", "a 1e-3 -2.5E+2 .5\nb 0 -0.0 7\n");

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(new[] { 1e-3f, -250f, 0.5f, 0f, -0f, 7f }, SafetensorsReaderTests.ReadAll(file.Tensors[0].AsMatrix()));
    }

    [Fact]
    public void Decodes_broken_utf8_tokens_with_replacement_characters()
    {
        byte[] text = [.. "ok 1 2\n"u8, 0xFF, (byte)'x', .. " 3 4\n"u8];
        string path = _dir.Write("lm.bin", text);

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Word2VecText, file.Format);
        Assert.Equal(["ok", "\uFFFDx"], file.Vocabulary);
    }

    [Fact]
    public void Text_is_converted_to_a_temporary_float32_file_without_a_name()
    {
        string path = _dir.WriteText("glove.txt", Word2VecBytes.Text(Rows, header: false));
        ModelFile file = ModelFileReader.Open(path);
        MappedFile mapping = Assert.Single(((LoadedModelFile)file).Resources.OfType<MappedFile>());
        string temporary = mapping.BackingPath;

        Assert.NotEqual(path, temporary);
        // On Unix the scratch file loses its name once open, so a killed run cannot leave it in TMPDIR; Windows deletes it on close.
        Assert.Equal(OperatingSystem.IsWindows(), File.Exists(temporary));
        Assert.Equal(36, mapping.Length);
        Assert.True(file.Tensors[0].AsMatrix().TryGetRows(0, 3, out _));
        file.Dispose();
        Assert.False(File.Exists(temporary));
    }

    [Fact]
    public void Rejects_a_ragged_glove_line_naming_its_line()
    {
        string path = _dir.WriteText("glove.txt", "a 1 2 3\nb 4 5 6\nc 7 8\nd 1 2 3\n");
        GroupReduceException error = ErrorAssert.Open(path, ModelErrorCodes.TextRowRagged, "line 3", "2 values", "line 1 has 3");
        Assert.Equal(3, error.Location?.Line);
    }

    [Fact]
    public void Rejects_a_word2vec_text_line_with_more_values_than_the_header()
    {
        string path = _dir.WriteText("w2v.txt", "2 2\na 1 2\nb 1 2 3\n");
        GroupReduceException error = ErrorAssert.Open(path, ModelErrorCodes.TextRowRagged, "the header declares 2");
        Assert.Equal(3, error.Location?.Line);
    }

    [Fact]
    public void Rejects_a_value_that_is_not_a_number()
    {
        string path = _dir.WriteText("glove.txt", "a 1 2\nb 1,5 2\n");
        GroupReduceException error = ErrorAssert.Open(path, ModelErrorCodes.TextValueInvalid, "'1,5'");
        Assert.Equal(2, error.Location?.Line);
        Assert.Equal(3, error.Location?.Column);
    }

    [Fact]
    public void Rejects_a_word2vec_text_row_count_that_differs_from_the_header() =>
        ErrorAssert.Open(_dir.WriteText("w2v.txt", "3 2\na 1 2\nb 1 2\n"), ModelErrorCodes.RowCountMismatch, "declares 3 rows", "holds 2");

    [Fact]
    public void Rejects_a_truncated_binary_file()
    {
        byte[] bytes = Word2VecBytes.Binary(Rows);
        ErrorAssert.Open(_dir.Write("vectors.bin", bytes[..^6]), ModelErrorCodes.Truncated, "'</s>'");
    }

    [Fact]
    public void Rejects_a_binary_header_promising_more_rows_than_fit()
    {
        byte[] bytes = Word2VecBytes.Binary(Rows);
        bytes[0] = (byte)'9';
        ErrorAssert.Open(_dir.Write("vectors.bin", bytes), ModelErrorCodes.Truncated, "9 rows");
    }

    [Fact]
    public void Rejects_bytes_after_the_declared_binary_rows()
    {
        byte[] bytes = Word2VecBytes.Binary(Rows);
        bytes[0] = (byte)'2';
        ErrorAssert.Open(_dir.Write("vectors.bin", bytes), ModelErrorCodes.RowCountMismatch, "2 rows");
    }
}
