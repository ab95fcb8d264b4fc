namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// Copies operands into the layouts the micro-kernels stream: an A panel holds <c>Mr</c> rows of one
/// step after another, a B panel <c>Nr</c> columns of one step after another. Edges are zero-padded so
/// the kernels always run full tiles.
/// </summary>
internal static unsafe class Packing
{
    /// <summary>Packs rows <c>[i0, i0 + rows)</c> and steps <c>[p0, p0 + kc)</c> of A into one panel of height <paramref name="mr"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="destination"><c>kc * mr</c> values.</param>
    /// <param name="a">The logical A.</param>
    /// <param name="i0">First row.</param>
    /// <param name="rows">Rows present (at most <paramref name="mr"/>); the rest are zero.</param>
    /// <param name="p0">First step.</param>
    /// <param name="kc">Steps.</param>
    /// <param name="mr">The panel height.</param>
    public static void PackA<T>(T* destination, in MatrixView<T> a, int i0, int rows, int p0, int kc, int mr)
        where T : unmanaged
    {
        nint stride = a.Stride;
        if (a.Transposed)
        {
            // A(i, p) = data[p * stride + i]: each step's rows are contiguous.
            T* source = a.Data + (p0 * stride) + i0;
            for (int p = 0; p < kc; p++)
            {
                T* target = destination + ((nint)p * mr);
                PanelCopy.Copy(source, target, rows);
                if (rows < mr)
                {
                    new Span<T>(target + rows, mr - rows).Clear();
                }

                source += stride;
            }

            return;
        }

        if (typeof(T) == typeof(float) && rows >= 8 && rows <= 16 && PanelCopy.CanTranspose)
        {
            PackRowMajorFloat((float*)destination, (float*)a.Data + (i0 * stride) + p0, stride, rows, kc, mr);
            return;
        }

        for (int i = 0; i < rows; i++)
        {
            T* source = a.Data + ((i0 + i) * stride) + p0;
            T* target = destination + i;
            for (int p = 0; p < kc; p++)
            {
                target[(nint)p * mr] = source[p];
            }
        }

        for (int i = rows; i < mr; i++)
        {
            T* target = destination + i;
            for (int p = 0; p < kc; p++)
            {
                target[(nint)p * mr] = default;
            }
        }
    }

    /// <summary>
    /// Packs steps <c>[p0, p0 + kc)</c> and columns <c>[j0, j0 + nc)</c> of B into consecutive panels of width
    /// <paramref name="nr"/>; panel <c>q</c> starts at <c>q * nr * kc</c>. A last panel of at most <c>nr / 2</c>
    /// columns is packed <c>nr / 2</c> wide (see <see cref="PanelWidth"/>), for the half-width kernel.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="destination"><c>kc * roundup(nc, nr)</c> values.</param>
    /// <param name="b">The logical B.</param>
    /// <param name="p0">First step.</param>
    /// <param name="kc">Steps.</param>
    /// <param name="j0">First column.</param>
    /// <param name="nc">Columns.</param>
    /// <param name="nr">The panel width.</param>
    public static void PackB<T>(T* destination, in MatrixView<T> b, int p0, int kc, int j0, int nc, int nr)
        where T : unmanaged
    {
        nint stride = b.Stride;
        int fullWidth = nr;
        for (int jp = 0; jp < nc; jp += fullWidth)
        {
            int width = Math.Min(fullWidth, nc - jp);
            nr = PanelWidth(width, fullWidth);
            T* panel = destination + ((nint)jp * kc);
            if (!b.Transposed)
            {
                // B(p, j) = data[p * stride + j]: each step's columns are contiguous.
                T* source = b.Data + (p0 * stride) + j0 + jp;
                for (int p = 0; p < kc; p++)
                {
                    T* target = panel + ((nint)p * nr);
                    PanelCopy.Copy(source, target, width);
                    if (width < nr)
                    {
                        new Span<T>(target + width, nr - width).Clear();
                    }

                    source += stride;
                }

                continue;
            }

            for (int j = 0; j < width; j++)
            {
                T* source = b.Data + ((j0 + jp + j) * stride) + p0;
                T* target = panel + j;
                for (int p = 0; p < kc; p++)
                {
                    target[(nint)p * nr] = source[p];
                }
            }

            for (int j = width; j < nr; j++)
            {
                T* target = panel + j;
                for (int p = 0; p < kc; p++)
                {
                    target[(nint)p * nr] = default;
                }
            }
        }
    }

    /// <summary>The stored width of a B panel holding <paramref name="columns"/> columns: half a tile when they fit in half.</summary>
    /// <param name="columns">Columns present (at most <paramref name="nr"/>).</param>
    /// <param name="nr">The kernel's tile width.</param>
    /// <returns><c>nr / 2</c> or <paramref name="nr"/>.</returns>
    public static int PanelWidth(int columns, int nr) => columns * 2 <= nr ? nr / 2 : nr;

    // Row-major A is packed with 8 x 8 register transposes: rows [0, 8) and [rows - 8, rows) cover any
    // 8 <= rows <= 16 (overlapping rows are written twice with the same values).
    private static void PackRowMajorFloat(float* destination, float* source, nint stride, int rows, int kc, int mr)
    {
        int upper = rows - 8;
        int p = 0;

        // Sixteen steps at a time use a whole cache line of each row while it is there: rows 4 KiB apart share
        // one L1 set, and 14 of them evict one another before an 8-step pass could come back for the line's rest.
        for (; p + 16 <= kc; p += 16)
        {
            float* target = destination + ((nint)p * mr);
            PanelCopy.Transpose8x8(source + p, stride, target, mr);
            PanelCopy.Transpose8x8(source + p + 8, stride, target + (8 * mr), mr);
            if (upper > 0)
            {
                float* upperSource = source + (upper * stride) + p;
                PanelCopy.Transpose8x8(upperSource, stride, target + upper, mr);
                PanelCopy.Transpose8x8(upperSource + 8, stride, target + (8 * mr) + upper, mr);
            }
        }

        for (; p + 8 <= kc; p += 8)
        {
            PanelCopy.Transpose8x8(source + p, stride, destination + ((nint)p * mr), mr);
            if (upper > 0)
            {
                PanelCopy.Transpose8x8(source + (upper * stride) + p, stride, destination + ((nint)p * mr) + upper, mr);
            }
        }

        for (; p < kc; p++)
        {
            float* target = destination + ((nint)p * mr);
            for (int i = 0; i < rows; i++)
            {
                target[i] = source[(i * stride) + p];
            }
        }

        if (rows < mr)
        {
            for (int q = 0; q < kc; q++)
            {
                new Span<float>(destination + ((nint)q * mr) + rows, mr - rows).Clear();
            }
        }
    }
}
