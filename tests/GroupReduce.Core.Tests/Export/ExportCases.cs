using System.Buffers.Binary;
using System.Globalization;
using GroupReduce.Core.Models;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Export;

/// <summary>Small models compressed with the real engine in each storage form an artifact can hold, for the export tests.</summary>
internal static class ExportCases
{
    private const string TiedMatrices = "matrices:\n  - tensor: encoder.weight\n    tied: [lm_head.weight]\n  - decoder.weight";

    /// <summary>Every case: a name, the spec lines added to <see cref="Runs.BasicSpec"/>, and the dtype the model stores its matrices in.</summary>
    public static TheoryData<string> Names => [.. All.Keys];

    private static Dictionary<string, (string Spec, string DType)> All { get; } = new()
    {
        ["float"] = (string.Empty, "F32"),
        ["int8"] = ("quantizer: int8\n", "F32"),
        ["int4"] = ("quantizer: int4\n", "F32"),
        ["int4 block 5 f32 scales"] = ("quantizer: { name: int4, options: { block: 5, scale: f32 } }\n", "F32"),
        ["codebook"] = ("quantizer: codebook\n", "F32"),
        ["codebook 3-bit"] = ("quantizer: { name: codebook, options: { bits: 3 } }\n", "F32"),
        ["f16 factors"] = ("quantizer: { name: float, options: { dtype: f16 } }\n", "F32"),
        ["bf16 factors"] = ("quantizer: { name: float, options: { dtype: bf16 } }\n", "F32"),
        ["prune"] = ("method: prune\n", "F32"),
        ["quantize int4"] = ("method: quantize\nquantizer: int4\n", "F32"),
        ["svd"] = ("method: svd\n", "F32"),
        ["tied"] = ("quantizer: int8\n", "F32"),
        ["f16 original"] = ("quantizer: int8\n", "F16"),
        ["bf16 original"] = (string.Empty, "BF16"),
        ["f64 original"] = ("quantizer: codebook\n", "F64"),
    };

    /// <summary>Writes the case's model and compresses it; returns the artifact's path.</summary>
    public static string Compress(TempFolder folder, string name)
    {
        (string spec, string dtype) = All[name];
        SyntheticModel model = SyntheticModel.Create(rows: 300, columns: 20);
        model.Write(folder);
        bool tied = name == "tied";
        var entries = new List<SafetensorsEntry>
        {
            Entry("encoder.weight", model.Embedding, dtype, model.Rows, model.Columns),
            Entry("decoder.weight", model.Softmax, dtype, model.Rows, model.Columns),
            SyntheticModel.Entry("decoder.bias", model.Bias, model.Rows),
            new("step", "I64", [], 8, s => s.Write(BitConverter.GetBytes(42L))),
        };
        entries.AddRange(Vocabulary(model.Tokens));
        if (tied)
        {
            entries.Add(Entry("lm_head.weight", model.Embedding, dtype, model.Rows, model.Columns));
        }

        using (FileStream stream = File.Create(folder.File("lm.safetensors")))
        {
            SafetensorsWriter.Write(stream, new Dictionary<string, string> { ["format"] = "pt", ["groupreduce.lm.note"] = "kept" }, entries);
        }

        string basic = tied ? Runs.BasicSpec.Replace("matrices: [encoder.weight, decoder.weight]", TiedMatrices, StringComparison.Ordinal) : Runs.BasicSpec;
        Runs.Compress(folder, basic + spec);
        return folder.File("out.gr.safetensors");
    }

    /// <summary>Values in a float dtype, rounded to nearest even (what PyTorch's <c>.to(dtype)</c> does).</summary>
    public static byte[] Encode(float[] values, string dtype)
    {
        int size = dtype switch { "F64" => 8, "F32" => 4, _ => 2 };
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> at = bytes.AsSpan(i * size, size);
            switch (dtype)
            {
                case "F64":
                    BinaryPrimitives.WriteDoubleLittleEndian(at, values[i]);
                    break;
                case "F32":
                    BinaryPrimitives.WriteSingleLittleEndian(at, values[i]);
                    break;
                case "F16":
                    BinaryPrimitives.WriteHalfLittleEndian(at, (Half)values[i]);
                    break;
                default:
                    uint bits = BitConverter.SingleToUInt32Bits(values[i]);
                    uint lsb = (bits >> 16) & 1;
                    BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)((bits + 0x7FFF + lsb) >> 16));
                    break;
            }
        }

        return bytes;
    }

    // The model carries its tokens (docs/format.md 3.4), so the artifact does and the export passes them through.
    private static SafetensorsEntry[] Vocabulary(string[] tokens)
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes(string.Concat(tokens));
        var offsets = new long[tokens.Length + 1];
        for (int i = 0; i < tokens.Length; i++)
        {
            offsets[i + 1] = offsets[i] + System.Text.Encoding.UTF8.GetByteCount(tokens[i]);
        }

        byte[] offsetBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray();
        return
        [
            new("groupreduce.vocab.offsets", "I64", [offsets.Length], offsetBytes.Length, s => s.Write(offsetBytes)),
            new("groupreduce.vocab.bytes", "U8", [text.Length], text.Length, s => s.Write(text)),
        ];
    }

    private static SafetensorsEntry Entry(string name, float[] values, string dtype, params long[] shape)
    {
        byte[] bytes = Encode(values, dtype);
        return new SafetensorsEntry(name, dtype, shape, bytes.Length, s => s.Write(bytes));
    }

    public static string Describe(long[] shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
