namespace GroupReduce.Plugins.Quantizers.Tests;

/// <summary>Seeded test tensors.</summary>
internal static class TestData
{
    public static float[] Gaussian(int rows, int columns, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            double u = 1.0 - random.NextDouble();
            double v = random.NextDouble();
            values[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }

        return values;
    }

    public static float[] Decode(GroupReduce.Abstractions.Quantization.QuantizedTensor tensor)
    {
        float[] decoded = new float[tensor.Rows * tensor.Columns];
        tensor.Dequantize(decoded);
        return decoded;
    }

    public static readonly TheoryData<int, int> Shapes = new()
    {
        { 1, 1 },
        { 3, 5 },
        { 7, 33 },
        { 100, 64 },
        { 2, 100 },
        { 0, 8 },
        { 4, 0 },
    };
}
