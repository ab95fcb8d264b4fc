using System.Runtime.InteropServices;
using System.Text;
using GroupReduce.Core.Models;
using GroupReduce.Trainer.Corpus;
using GroupReduce.Trainer.Model;
using GroupReduce.Trainer.Output;

namespace GroupReduce.Trainer.Tests;

public sealed class ModelFileTests
{
    [Fact]
    public void The_file_follows_the_nplm_contract()
    {
        var vocabulary = Vocabulary.Build([["über", "a"], ["a"]], 1);
        var shape = new NplmShape(vocabulary.Count, 2, 3, 4);
        NplmWeights weights = NplmWeights.Initialize(shape, [.. vocabulary.Counts], 9);
        string folder = Path.Combine(Path.GetTempPath(), $"nplm-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, "lm.safetensors");
            NplmModelFile.Write(path, weights, vocabulary, new Dictionary<string, string> { ["groupreduce.lm.seed"] = "9" });

            using ModelFile file = ModelFileReader.Open(path);
            Assert.Equal("nplm", file.Metadata["groupreduce.lm.family"]);
            Assert.Equal("1", file.Metadata["groupreduce.lm.version"]);
            Assert.Equal("2", file.Metadata["groupreduce.lm.context"]);
            Assert.Equal("<unk>", file.Metadata["groupreduce.lm.unk"]);
            Assert.Equal("<eos>", file.Metadata["groupreduce.lm.eos"]);
            Assert.Equal("9", file.Metadata["groupreduce.lm.seed"]);
            Assert.Equal([4L, 3], Tensor(file, "embedding.weight", TensorDType.F16).Shape);
            Assert.Equal([4L, 6], Tensor(file, "hidden.weight", TensorDType.F16).Shape);
            Assert.Equal([4L], Tensor(file, "hidden.bias", TensorDType.F16).Shape);
            Assert.Equal([4L, 4], Tensor(file, "softmax.weight", TensorDType.F16).Shape);
            Assert.Equal([4L], Tensor(file, "softmax.bias", TensorDType.F16).Shape);

            Half[] embedding = MemoryMarshal.Cast<byte, Half>(Raw(file, "embedding.weight")).ToArray();
            Assert.Equal(weights.Embedding.Select(v => (Half)v), embedding);

            // A reader that knows the vocabulary convention exposes the tokens itself; otherwise decode the two tensors.
            IReadOnlyList<string> tokens = file.Vocabulary ?? DecodeVocabulary(file);
            Assert.Equal(vocabulary.Tokens, tokens);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void The_gru_file_follows_the_gru_contract_and_reads_back_as_written()
    {
        var vocabulary = Vocabulary.Build([["über", "a"], ["a"]], 1);
        var shape = new GruShape(vocabulary.Count, 3, 5);
        GruWeights weights = GruWeights.Initialize(shape, [.. vocabulary.Counts], 9);
        string folder = Path.Combine(Path.GetTempPath(), $"gru-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, "lm.safetensors");
            GruModelFile.Write(path, weights, vocabulary, new Dictionary<string, string> { ["groupreduce.lm.seed"] = "9" });

            using ModelFile file = ModelFileReader.Open(path);
            Assert.Equal("gru", file.Metadata["groupreduce.lm.family"]);
            Assert.Equal("1", file.Metadata["groupreduce.lm.version"]);
            Assert.False(file.Metadata.ContainsKey("groupreduce.lm.context"));
            Assert.Equal("<unk>", file.Metadata["groupreduce.lm.unk"]);
            Assert.Equal("<eos>", file.Metadata["groupreduce.lm.eos"]);
            Assert.Equal("9", file.Metadata["groupreduce.lm.seed"]);
            (string Name, long[] Shape, float[] Values)[] expected =
            [
                ("embedding.weight", [4, 3], weights.Embedding),
                ("gru.weight_ih", [15, 3], weights.InputWeight),
                ("gru.weight_hh", [15, 5], weights.HiddenWeight),
                ("gru.bias_ih", [15], weights.InputBias),
                ("gru.bias_hh", [15], weights.HiddenBias),
                ("softmax.weight", [4, 5], weights.SoftmaxWeight),
                ("softmax.bias", [4], weights.SoftmaxBias),
            ];
            foreach ((string name, long[] tensorShape, float[] values) in expected)
            {
                Assert.Equal(tensorShape, Tensor(file, name, TensorDType.F16).Shape);
                Assert.Equal(values.Select(v => (Half)v), MemoryMarshal.Cast<byte, Half>(Raw(file, name)).ToArray());
            }

            Assert.Equal(vocabulary.Tokens, file.Vocabulary ?? DecodeVocabulary(file));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static string[] DecodeVocabulary(ModelFile file)
    {
        long[] offsets = MemoryMarshal.Cast<byte, long>(Raw(file, "groupreduce.vocab.offsets")).ToArray();
        byte[] bytes = Raw(file, "groupreduce.vocab.bytes");
        return [.. Enumerable.Range(0, offsets.Length - 1).Select(i => Encoding.UTF8.GetString(bytes, (int)offsets[i], (int)(offsets[i + 1] - offsets[i])))];
    }

    private static ModelTensor Tensor(ModelFile file, string name, TensorDType dtype)
    {
        ModelTensor tensor = file.FindTensor(name) ?? throw new Xunit.Sdk.XunitException($"no tensor {name}");
        Assert.Equal(dtype, tensor.DType);
        return tensor;
    }

    private static byte[] Raw(ModelFile file, string name)
    {
        using var stream = new MemoryStream();
        ModelTensor tensor = file.FindTensor(name) ?? throw new Xunit.Sdk.XunitException($"no tensor {name}");
        tensor.CopyRawTo(stream, CancellationToken.None);
        return stream.ToArray();
    }
}
