namespace GroupReduce.Plugins.Ilgpu;

/// <summary>Whether a session keeps a whole copy of its matrix in device memory.</summary>
internal enum ResidencyMode
{
    /// <summary>Resident on a GPU when the matrix takes at most <see cref="IlgpuSolverOptions.ResidentShare"/> of its memory; streamed otherwise and on the CPU accelerator.</summary>
    Auto,

    /// <summary>Always copy the matrix to the device once, chunk by chunk, and gather rows there.</summary>
    Always,

    /// <summary>Stream the needed rows from the memory-mapped input on every call.</summary>
    Never,
}
