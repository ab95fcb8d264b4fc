using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>
/// Opens damaged model files and uses everything they offer (vocabulary, metadata, every tensor's raw
/// bytes and, for matrices, every row), expecting success or a typed GR2xxx error and nothing else.
/// </summary>
internal static class HostileModel
{
    /// <summary>Opens and reads everything; returns the typed error, or null when the file was usable.</summary>
    public static GroupReduceException? OpenAndReadAll(string path)
    {
        try
        {
            using ModelFile file = ModelFileReader.Open(path);
            _ = file.Vocabulary?.Count;
            _ = file.Metadata.Count;
            foreach (ModelTensor tensor in file.Tensors)
            {
                tensor.CopyRawTo(Stream.Null, CancellationToken.None);
                if (tensor.IsMatrix)
                {
                    ReadRows(tensor.AsMatrix());
                }
            }

            return null;
        }
        catch (GroupReduceException e)
        {
            return e;
        }
    }

    /// <summary>Asserts that the file either opens and reads, or fails with a GR2xxx error naming it.</summary>
    public static void AssertTypedOrUsable(string path, string what)
    {
        GroupReduceException? error;
        try
        {
            error = OpenAndReadAll(path);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: untyped {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            return;
        }

        if (error is not null)
        {
            Assert.True(error.Code.StartsWith("GR2", StringComparison.Ordinal), $"{what}: code {error.Code}: {error.Message}");
            Assert.Equal(path, error.Location?.File);
        }
    }

    /// <summary>Every prefix of a valid file, from empty to one byte short.</summary>
    public static void EveryPrefix(TestDirectory dir, string name, byte[] valid)
    {
        string path = System.IO.Path.Combine(dir.Path, name);
        for (int length = 0; length < valid.Length; length++)
        {
            File.WriteAllBytes(path, valid[..length]);
            AssertTypedOrUsable(path, $"prefix of {length} bytes");
        }
    }

    /// <summary>Single-byte corruptions at deterministic random places, with a fixed seed.</summary>
    public static void RandomCorruptions(TestDirectory dir, string name, byte[] valid, int count, int seed)
    {
        string path = System.IO.Path.Combine(dir.Path, name);
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] bytes = (byte[])valid.Clone();
            int at = random.Next(bytes.Length);
            byte value = (byte)random.Next(256);
            bytes[at] = value == bytes[at] ? (byte)~value : value;
            File.WriteAllBytes(path, bytes);
            AssertTypedOrUsable(path, $"byte {at} set to 0x{bytes[at]:x2}");
        }
    }

    private static void ReadRows(IRowMatrix matrix)
    {
        if (matrix.Columns == 0)
        {
            return;
        }

        int block = Math.Max(1, 4096 / matrix.Columns);
        var buffer = new float[(long)block * matrix.Columns];
        for (long row = 0; row < matrix.Rows; row += block)
        {
            int count = (int)Math.Min(block, matrix.Rows - row);
            matrix.CopyRows(row, count, buffer.AsSpan(0, count * matrix.Columns));
        }
    }
}
