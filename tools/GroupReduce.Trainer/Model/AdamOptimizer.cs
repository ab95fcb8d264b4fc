using System.Runtime.Intrinsics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// Adam (Kingma and Ba) over all weights, dense: every weight moves every step, embedding rows the batch did
/// not touch included, because their moments still decay. Element-wise, so parallel chunks cannot change
/// the result.
/// </summary>
public sealed class AdamOptimizer
{
    private const int Chunk = 1 << 14;

    private readonly float[][] first;
    private readonly float[][] second;
    private readonly ParallelOptions parallel;
    private readonly float beta1;
    private readonly float beta2;
    private readonly float epsilon;
    private long step;

    /// <summary>An optimizer for weights laid out as <paramref name="tensors"/> (only their lengths matter).</summary>
    public AdamOptimizer(IReadOnlyList<float[]> tensors, ParallelOptions parallel, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        first = [.. tensors.Select(t => new float[t.Length])];
        second = [.. tensors.Select(t => new float[t.Length])];
        this.parallel = parallel;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /// <summary>Forgets the moments, as after restoring earlier weights.</summary>
    public void Reset()
    {
        foreach (float[] moment in first.Concat(second))
        {
            Array.Clear(moment);
        }

        step = 0;
    }

    /// <summary>One step: <paramref name="weights"/> and <paramref name="gradients"/> in the constructor's layout.</summary>
    public void Step(IReadOnlyList<float[]> weights, IReadOnlyList<float[]> gradients, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(gradients);
        if (weights.Count != first.Length || gradients.Count != first.Length)
        {
            throw new ArgumentException("The weights differ from the optimizer's layout.", nameof(weights));
        }

        step++;
        float correction1 = 1f / (1f - MathF.Pow(beta1, step));
        float correction2 = 1f / (1f - MathF.Pow(beta2, step));
        var work = new List<(float[] W, float[] G, float[] M, float[] V, int Start)>();
        for (int t = 0; t < weights.Count; t++)
        {
            for (int start = 0; start < weights[t].Length; start += Chunk)
            {
                work.Add((weights[t], gradients[t], first[t], second[t], start));
            }
        }

        Parallel.For(0, work.Count, parallel, i =>
        {
            (float[] w, float[] g, float[] m, float[] v, int start) = work[i];
            int end = Math.Min(w.Length, start + Chunk);
            Update(w.AsSpan(start..end), g.AsSpan(start..end), m.AsSpan(start..end), v.AsSpan(start..end), learningRate, correction1, correction2);
        });
    }

    private void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float rate, float correction1, float correction2)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var b1 = Vector256.Create(beta1);
            var b2 = Vector256.Create(beta2);
            var c1 = Vector256.Create(1f - beta1);
            var c2 = Vector256.Create(1f - beta2);
            var k1 = Vector256.Create(rate * correction1);
            var k2 = Vector256.Create(correction2);
            var eps = Vector256.Create(epsilon);
            for (; i + 8 <= w.Length; i += 8)
            {
                Vector256<float> gi = Vector256.Create(g.Slice(i, 8));
                Vector256<float> mi = b1 * Vector256.Create(m.Slice(i, 8)) + c1 * gi;
                Vector256<float> vi = b2 * Vector256.Create(v.Slice(i, 8)) + c2 * gi * gi;
                mi.CopyTo(m.Slice(i, 8));
                vi.CopyTo(v.Slice(i, 8));
                Vector256<float> wi = Vector256.Create(w.Slice(i, 8)) - k1 * mi / (Vector256.Sqrt(vi * k2) + eps);
                wi.CopyTo(w.Slice(i, 8));
            }
        }

        for (; i < w.Length; i++)
        {
            m[i] = beta1 * m[i] + (1f - beta1) * g[i];
            v[i] = beta2 * v[i] + (1f - beta2) * g[i] * g[i];
            w[i] -= rate * correction1 * m[i] / (MathF.Sqrt(v[i] * correction2) + epsilon);
        }
    }
}
