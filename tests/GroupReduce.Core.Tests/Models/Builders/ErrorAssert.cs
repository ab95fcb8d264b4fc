using GroupReduce.Abstractions;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Tests.Models.Builders;

/// <summary>Opens a file expecting a model error with a given code, and checks the message names the file.</summary>
internal static class ErrorAssert
{
    public static GroupReduceException Open(string path, string code, params string[] mentions)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() =>
        {
            using ModelFile file = ModelFileReader.Open(path);
            foreach (ModelTensor tensor in file.Tensors)
            {
                // Deflated members are only fully inflated (and CRC-checked) when their data is used.
                tensor.CopyRawTo(Stream.Null, CancellationToken.None);
            }
        });
        Assert.Equal(code, error.Code);
        Assert.Contains(System.IO.Path.GetFileName(path), error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Location?.File);
        foreach (string mention in mentions)
        {
            Assert.Contains(mention, error.Message, StringComparison.Ordinal);
        }

        return error;
    }
}
