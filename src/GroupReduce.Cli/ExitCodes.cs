namespace GroupReduce.Cli;

/// <summary>The process exit codes: scripts and the MSBuild task rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Bad input: the spec, the model, a plugin, the budget, or the command line. The message says how to fix it.</summary>
    public const int UserError = 1;

    /// <summary>A bug in groupreduce or a plugin that escaped every check.</summary>
    public const int InternalError = 2;

    /// <summary>
    /// Cancelled (Ctrl+C): 128 + SIGINT, as shells expect. compress wrote nothing (a Ctrl+C once its commit has begun is
    /// ignored and the run ends with 0); sweep keeps the cells it finished.
    /// </summary>
    public const int Cancelled = 130;
}
