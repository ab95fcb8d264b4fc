using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using static GroupReduce.Testing.Models.SafetensorsBytes;

namespace GroupReduce.Core.Tests.Models;

public sealed class LargeFileTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Maps_a_matrix_whose_rows_lie_beyond_4_GB()
    {
        // A sparse 4.5 GB file: only the header and two rows are written, the rest reads as zeros.
        const long rows = 1_100_000;
        const int columns = 1024;
        const long rowBytes = columns * 4;
        const long boundaryRow = (1L << 32) / rowBytes;
        byte[] header = Build(Header(Entry("big", "F32", [rows, columns], 0, rows * rowBytes)), []);
        float[] pattern = Enumerable.Range(0, columns).Select(i => i * 0.5f).ToArray();
        string path = Path.Combine(_dir.Path, "lm.bin");
        using (FileStream stream = File.Create(path))
        {
            stream.Write(header);
            stream.SetLength(header.Length + (rows * rowBytes));
            stream.Position = header.Length + (boundaryRow * rowBytes);
            stream.Write(LittleEndian.Floats(pattern));
            stream.Position = header.Length + ((rows - 1) * rowBytes);
            stream.Write(LittleEndian.Floats(pattern));
        }

        using ModelFile file = ModelFileReader.Open(path);
        IRowMatrix matrix = file.Tensors[0].AsMatrix();
        var block = new float[2 * columns];
        matrix.CopyRows(boundaryRow - 1, 2, block);

        Assert.Equal(rows * rowBytes, file.Tensors[0].ByteLength);
        Assert.Equal(rows, matrix.Rows);
        Assert.All(block[..columns], v => Assert.Equal(0f, v));
        Assert.Equal(pattern, block[columns..]);
        Assert.True(matrix.TryGetRows(rows - 1, 1, out ReadOnlySpan<float> last));
        Assert.Equal(pattern, last.ToArray());
    }
}
