using ILGPU.Runtime.Cuda;

namespace GroupReduce.Plugins.Ilgpu.Device;

/// <summary>The nominal single-precision peak of a CUDA device, so benchmarks can quote kernel rates as a share of it.</summary>
internal static class DevicePeak
{
    /// <summary><c>multiprocessors · FP32 lanes per multiprocessor · 2 · clock</c> in GFLOP/s, or 0 when not a CUDA device of a known generation.</summary>
    /// <param name="device">The device.</param>
    /// <returns>The peak, or 0.</returns>
    public static double Gigaflops(ILGPU.Runtime.Device device)
    {
        if (device is not CudaDevice cuda || cuda.Architecture is not { } architecture)
        {
            return 0;
        }

        // FP32 lanes per multiprocessor by compute capability (CUDA programming guide, arithmetic instruction throughput).
        int lanes = (architecture.Major, architecture.Minor) switch
        {
            (5, _) => 128,
            (6, 0) => 64,
            (6, _) => 128,
            (7, _) => 64,
            (8, 0) => 64,
            (8, _) => 128,
            (>= 9, _) => 128,
            _ => 0,
        };
        return cuda.NumMultiprocessors * (double)lanes * 2 * cuda.ClockRate / 1e6;
    }
}
