using System.Numerics;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>The two loops of symmetric quantization, vectorised with a scalar tail.</summary>
internal static class SymmetricBlockKernel
{
    public static float MaxAbs(ReadOnlySpan<float> x)
    {
        int i = 0;
        float max = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            Vector<float> acc = Vector<float>.Zero;
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                acc = Vector.Max(acc, Vector.Abs(new Vector<float>(x[i..])));
            }

            for (int k = 0; k < Vector<float>.Count; k++)
            {
                max = MathF.Max(max, acc[k]);
            }
        }

        for (; i < x.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(x[i]));
        }

        return max;
    }

    /// <summary><c>q = clamp(round_half_even(x / scale), −qmax, qmax)</c>; all zero when the scale is 0.</summary>
    public static void Quantize(ReadOnlySpan<float> x, float scale, int qmax, Span<int> q)
    {
        if (scale == 0)
        {
            q[..x.Length].Clear();
            return;
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var scales = new Vector<float>(scale);
            var high = new Vector<int>(qmax);
            var low = new Vector<int>(-qmax);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<int> rounded = Vector.ConvertToInt32(Vector.Round(new Vector<float>(x[i..]) / scales));
                Vector.Min(Vector.Max(rounded, low), high).CopyTo(q[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            q[i] = Math.Clamp((int)MathF.Round(x[i] / scale, MidpointRounding.ToEven), -qmax, qmax);
        }
    }
}
