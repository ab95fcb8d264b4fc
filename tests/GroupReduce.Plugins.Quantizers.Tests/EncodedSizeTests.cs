using GroupReduce.Abstractions;

namespace GroupReduce.Plugins.Quantizers.Tests;

public class EncodedSizeTests
{
    [Fact]
    public void Sizes_up_to_the_largest_array_pass_through()
    {
        Assert.Equal(Array.MaxLength, EncodedSize.DataBytes(Array.MaxLength, 1, 1, "float quantizer"));
        Assert.Equal(0, EncodedSize.DataBytes(0, 0, 0, "int8"));
    }

    [Fact]
    public void A_tensor_larger_than_one_array_is_a_clear_error()
    {
        // An 800,000 x 1024 float32 factor: 3.3 GB.
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => EncodedSize.DataBytes(800_000L * 1024 * 4, 800_000, 1024, "float quantizer"));

        Assert.Equal(ErrorCodes.QuantizationOverflow, error.Code);
        Assert.Contains("800000x1024", error.Message, StringComparison.Ordinal);
        Assert.Contains("3,276,800,000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("more groups", error.Message, StringComparison.Ordinal);
    }
}
