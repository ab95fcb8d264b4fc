using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// Chooses a block's scale: the smallest value of the scale's storage type with
/// <c>scale · qmax ≥ max|x|</c>. Rounding up (never down) keeps every <c>x / scale</c> within
/// <c>[−qmax, qmax]</c>, so no value is clamped and the error stays within half a step; choosing a
/// stored value before quantizing makes decoding exact.
/// </summary>
internal static class ScaleRounding
{
    public static float Choose(float maxAbs, int qmax, ScaleType type)
    {
        if (maxAbs == 0)
        {
            return 0;
        }

        // float·qmax is exact in double (24 + 8 bits), so these comparisons are exact.
        return type == ScaleType.Float16 ? ChooseHalf(maxAbs, qmax) : ChooseSingle(maxAbs, qmax);
    }

    private static float ChooseSingle(float maxAbs, int qmax)
    {
        float scale = maxAbs / qmax;
        while ((double)scale * qmax < maxAbs)
        {
            scale = MathF.BitIncrement(scale);
        }

        return scale;
    }

    private static float ChooseHalf(float maxAbs, int qmax)
    {
        var scale = (Half)(maxAbs / qmax);
        while ((double)(float)scale * qmax < maxAbs)
        {
            scale = Half.BitIncrement(scale);
        }

        while (true)
        {
            Half lower = Half.BitDecrement(scale);
            if ((double)(float)lower * qmax < maxAbs)
            {
                break;
            }

            scale = lower;
        }

        return (float)scale;
    }
}
