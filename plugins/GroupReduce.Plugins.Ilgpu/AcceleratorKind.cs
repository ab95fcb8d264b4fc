namespace GroupReduce.Plugins.Ilgpu;

/// <summary>Which ILGPU accelerator the spec asks for.</summary>
internal enum AcceleratorKind
{
    /// <summary>CUDA, else OpenCL, else ILGPU's CPU accelerator (a warning says so when no GPU is found).</summary>
    Auto,

    /// <summary>An NVIDIA GPU through CUDA.</summary>
    Cuda,

    /// <summary>An OpenCL GPU.</summary>
    OpenCL,

    /// <summary>ILGPU's CPU accelerator: correct but slow; meant for tests and machines without a GPU.</summary>
    Cpu,
}
