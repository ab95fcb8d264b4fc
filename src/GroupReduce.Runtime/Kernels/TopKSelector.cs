using System.Runtime.CompilerServices;

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// The <c>k</c> largest logits in one pass, kept in a min-heap held in the caller's span (no allocation):
/// most logits lose to the heap's weakest entry with one comparison. Ties go to the lower id, so results are
/// deterministic and match a stable descending sort.
/// </summary>
internal static class TopKSelector
{
    /// <summary>Selects the best <c>best.Length</c> (or all, if fewer) and orders them best first.</summary>
    /// <param name="logits">The logits; id = index.</param>
    /// <param name="best">Receives the winners with their logits; <see cref="TokenPrediction.LogProbability"/> is left 0.</param>
    /// <returns>How many were written.</returns>
    public static int Select(ReadOnlySpan<float> logits, Span<TokenPrediction> best)
    {
        int k = Math.Min(best.Length, logits.Length);
        Span<TokenPrediction> heap = best[..k];
        for (int i = 0; i < k; i++)
        {
            heap[i] = new TokenPrediction(i, logits[i], 0);
            SiftUp(heap, i);
        }

        float weakest = k > 0 ? heap[0].Logit : float.PositiveInfinity;
        for (int i = k; i < logits.Length; i++)
        {
            // A later id never beats an equal logit, so only strictly larger ones enter.
            float z = logits[i];
            if (z > weakest)
            {
                heap[0] = new TokenPrediction(i, z, 0);
                SiftDown(heap, 0, k);
                weakest = heap[0].Logit;
            }
        }

        // Heap sort: moving the weakest to the end each time leaves the span best first.
        for (int end = k - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(heap, 0, end);
        }

        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Worse(in TokenPrediction a, in TokenPrediction b) =>
        a.Logit < b.Logit || (a.Logit == b.Logit && a.Id > b.Id);

    private static void SiftUp(Span<TokenPrediction> heap, int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Worse(heap[i], heap[parent]))
            {
                return;
            }

            (heap[i], heap[parent]) = (heap[parent], heap[i]);
            i = parent;
        }
    }

    private static void SiftDown(Span<TokenPrediction> heap, int i, int count)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= count)
            {
                return;
            }

            int worst = left + 1 < count && Worse(heap[left + 1], heap[left]) ? left + 1 : left;
            if (!Worse(heap[worst], heap[i]))
            {
                return;
            }

            (heap[i], heap[worst]) = (heap[worst], heap[i]);
            i = worst;
        }
    }
}
