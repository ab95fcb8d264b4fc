using System.Text;
using GroupReduce.Testing.Models;

namespace GroupReduce.Fuzzing;

/// <summary>Small valid files of every model format the readers take, with the features each format has (dtypes, vocabularies, metadata, compression).</summary>
public static class ModelSeeds
{
    private static readonly float[] Values = [.. Enumerable.Range(0, 24).Select(i => (i - 11) / 7f)];
    private static readonly (string Token, float[] Values)[] Rows = [.. Enumerable.Range(0, 6).Select(i => (i == 2 ? "dé" : $"w{i}", Values.Skip(i * 4).Take(4).ToArray()))];

    /// <summary>Safetensors: F32, F16, BF16 and I64 tensors with metadata; and the engine's vocabulary tensors.</summary>
    public static IReadOnlyList<FuzzSeed> Safetensors()
    {
        byte[] f32 = LittleEndian.Floats(Values);
        byte[] f16 = LittleEndian.UInt16s([.. Values.Take(12).Select(v => BitConverter.HalfToUInt16Bits((Half)v))]);
        byte[] bf16 = LittleEndian.UInt16s([.. Values.Take(8).Select(v => (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16))]);
        byte[] i64 = LittleEndian.Int64s(1, 2, 3);
        string header = SafetensorsBytes.Header(
            "\"__metadata__\":{\"format\":\"pt\",\"note\":\"é\"}",
            SafetensorsBytes.Entry("emb", "F32", [6, 4], 0, f32.Length),
            SafetensorsBytes.Entry("half", "F16", [3, 4], f32.Length, f32.Length + f16.Length),
            SafetensorsBytes.Entry("brain", "BF16", [2, 4], f32.Length + f16.Length, f32.Length + f16.Length + bf16.Length),
            SafetensorsBytes.Entry("ids", "I64", [3], f32.Length + f16.Length + bf16.Length, f32.Length + f16.Length + bf16.Length + i64.Length));
        byte[] tokens = Encoding.UTF8.GetBytes(string.Concat(Rows.Select(r => r.Token)));
        long[] offsets = [0, .. Rows.Select(r => (long)Encoding.UTF8.GetByteCount(r.Token)).Aggregate(new List<long>(), (acc, n) => { acc.Add((acc.Count == 0 ? 0 : acc[^1]) + n); return acc; })];
        byte[] offsetBytes = LittleEndian.Int64s(offsets);
        string vocabHeader = SafetensorsBytes.Header(
            SafetensorsBytes.Entry("emb", "F32", [6, 4], 0, f32.Length),
            SafetensorsBytes.Entry("groupreduce.vocab.offsets", "I64", [offsets.Length], f32.Length, f32.Length + offsetBytes.Length),
            SafetensorsBytes.Entry("groupreduce.vocab.bytes", "U8", [tokens.Length], f32.Length + offsetBytes.Length, f32.Length + offsetBytes.Length + tokens.Length));
        return
        [
            new FuzzSeed("four dtypes and metadata", SafetensorsBytes.Build(header, LittleEndian.Concat(f32, f16, bf16, i64))),
            new FuzzSeed("vocabulary tensors", SafetensorsBytes.Build(vocabHeader, LittleEndian.Concat(f32, offsetBytes, tokens))),
            new FuzzSeed("engine's model", ArtifactSeeds.ModelBytes()),
        ];
    }

    /// <summary>
    /// ONNX: a torch-style graph (Gather embedding, Transpose + MatMul + Add logits) over F32, F16 and BF16 initializers
    /// in raw and typed form, an I64 initializer and metadata; and one whose weight sits in external data
    /// (<see cref="OnnxExternalData"/>, written unmutated beside each input).
    /// </summary>
    public static IReadOnlyList<FuzzSeed> Onnx()
    {
        float[] embedding = [.. Values];
        OnnxBytes graph = new OnnxBytes()
            .Float("embedding.weight", [6, 4], embedding)
            .Half("decoder.weight", [6, 4], embedding)
            .FloatTyped("decoder.bias", [6], [.. Values.Take(6)])
            .HalfTyped("half.typed", [2, 4], [.. Values.Take(8)])
            .BFloat16("brain", [2, 4], [.. Values.Take(8)])
            .Raw("ids", global::Onnx.TensorProto.Types.DataType.Int64, [3], LittleEndian.Int64s(1, 2, 3))
            .Metadata("note", "é")
            .Input("input_ids").Output("logits")
            .Node("Gather", ["embedding.weight", "input_ids"], ["hidden"])
            .Node("Cast", ["decoder.weight"], ["decoder.weight.f32"], ("to", 1))
            .Node("Transpose", ["decoder.weight.f32"], ["decoder.weight.T"])
            .Node("MatMul", ["hidden", "decoder.weight.T"], ["product"])
            .Node("Add", ["product", "decoder.bias"], ["logits"]);
        return
        [
            new FuzzSeed("torch-style graph, raw and typed F32/F16/BF16, I64, metadata", graph.Build()),
            new FuzzSeed("external data entry", ExternalOnnx().Build()),
        ];
    }

    /// <summary>The external data file of the ONNX seed that has one, by the name its entry gives.</summary>
    public static IReadOnlyDictionary<string, byte[]> OnnxExternalData { get; } = new Dictionary<string, byte[]>
    {
        ["model.onnx.data"] = ExternalOnnx().ExternalBytes,
    };

    private static OnnxBytes ExternalOnnx() => new OnnxBytes()
        .External("softmax.weight", [6, 4], [.. Values], location: "model.onnx.data")
        .Input("hidden").Output("logits")
        .Node("Gemm", ["hidden", "softmax.weight"], ["logits"], ("transB", 1));

    /// <summary>GGUF v3: metadata of several types, a token list, F32, F16 and Q8_0 tensors.</summary>
    public static IReadOnlyList<FuzzSeed> Gguf()
    {
        byte[] q8 = new byte[34];
        BitConverter.TryWriteBytes(q8.AsSpan(0, 2), BitConverter.HalfToUInt16Bits((Half)0.5f));
        for (int i = 0; i < 32; i++)
        {
            q8[2 + i] = (byte)(i * 7);
        }

        var gguf = new GgufBytes()
            .String("general.architecture", "llama")
            .UInt32("general.alignment", 32)
            .KeyValue("f", GgufBytes.F32, BitConverter.GetBytes(0.25f))
            .StringArray("tokenizer.ggml.tokens", [.. Rows.Select(r => r.Token)])
            .Tensor("token_embd.weight", [4, 6], 0, LittleEndian.Floats(Values))
            .Tensor("output.weight", [4, 3], 1, LittleEndian.UInt16s([.. Values.Take(12).Select(v => BitConverter.HalfToUInt16Bits((Half)v))]))
            .Tensor("q", [32, 1], 8, q8);
        return [new FuzzSeed("tokens, F32, F16, Q8_0", gguf.Build()), new FuzzSeed("v2, metadata only", new GgufBytes { Version = 2 }.String("general.name", "tiny").Build()), QuantizedGguf()];
    }

    /// <summary>GGUF as llama-quantize writes it: Q4_K, Q6_K, Q3_K and Q5_0 matrices (read as float32) beside a raw IQ2_XXS tensor.</summary>
    private static FuzzSeed QuantizedGguf()
    {
        var random = new Random(13);
        byte[] Blocks(int count, int bytes, params int[] halves)
        {
            var data = new byte[count * bytes];
            random.NextBytes(data);
            for (int b = 0; b < count; b++)
            {
                foreach (int at in halves)
                {
                    BitConverter.TryWriteBytes(data.AsSpan((b * bytes) + at, 2), BitConverter.HalfToUInt16Bits((Half)((random.NextDouble() * 2) - 1)));
                }
            }

            return data;
        }

        var gguf = new GgufBytes()
            .String("general.architecture", "llama")
            .StringArray("tokenizer.ggml.tokens", "a", "b", "c")
            .Tensor("token_embd.weight", [256, 3], 12, Blocks(3, 144, 0, 2))
            .Tensor("output.weight", [256, 3], 14, Blocks(3, 210, 208))
            .Tensor("blk.0.attn_k.weight", [256, 1], 11, Blocks(1, 110, 108))
            .Tensor("blk.0.attn_v.weight", [64, 2], 6, Blocks(4, 22, 0))
            .Tensor("blk.0.ffn_up.weight", [256, 1], 16, Blocks(1, 66, 0));
        return new FuzzSeed("Q4_K, Q6_K, Q3_K, Q5_0 and IQ2_XXS tensors", gguf.Build());
    }

    /// <summary>NumPy .npy: float32, float16 and float64, versions 1 and 2.</summary>
    public static IReadOnlyList<FuzzSeed> Npy() =>
    [
        new FuzzSeed("<f4 [6, 4]", NpyBytes.Build("<f4", [6, 4], LittleEndian.Floats(Values))),
        new FuzzSeed("<f2 [3, 4]", NpyBytes.Build("<f2", [3, 4], LittleEndian.UInt16s([.. Values.Take(12).Select(v => BitConverter.HalfToUInt16Bits((Half)v))]))),
        new FuzzSeed("<f8 [2, 3] v2", NpyBytes.Build("<f8", [2, 3], LittleEndian.Doubles([.. Values.Take(6).Select(v => (double)v)]), major: 2)),
    ];

    /// <summary>NumPy .npz: a stored and a deflated member, and a zip64 archive.</summary>
    public static IReadOnlyList<FuzzSeed> Npz()
    {
        byte[] a = NpyBytes.Build("<f4", [6, 4], LittleEndian.Floats(Values));
        byte[] b = NpyBytes.Build("<f4", [3, 4], LittleEndian.Floats([.. Values.Take(12)]));
        return
        [
            new FuzzSeed("stored and deflated", ZipBytes.Build([new ZipBytes.Member("emb.npy", a), new ZipBytes.Member("soft.npy", b, Method: 8)])),
            new FuzzSeed("zip64", ZipBytes.Build([new ZipBytes.Member("emb.npy", a, Method: 8)], zip64: true)),
        ];
    }

    /// <summary>word2vec binary.</summary>
    public static IReadOnlyList<FuzzSeed> Word2VecBinary() =>
    [
        new FuzzSeed("word2vec binary", Word2VecBytes.Binary(Rows)),
        new FuzzSeed("word2vec binary, no newlines", Word2VecBytes.Binary(Rows, newlineAfterRows: false)),
    ];

    /// <summary>word2vec text (with its header line) and GloVe (without).</summary>
    public static IReadOnlyList<FuzzSeed> EmbeddingText() =>
    [
        new FuzzSeed("word2vec text", Encoding.UTF8.GetBytes(Word2VecBytes.Text(Rows, header: true))),
        new FuzzSeed("GloVe", Encoding.UTF8.GetBytes(Word2VecBytes.Text(Rows, header: false))),
        new FuzzSeed("GloVe CRLF", Encoding.UTF8.GetBytes(Word2VecBytes.Text(Rows, header: false, newline: "\r\n"))),
    ];
}
