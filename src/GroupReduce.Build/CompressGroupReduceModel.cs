using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GroupReduce.Build;

/// <summary>
/// Compresses one model by running the engine's own dll (<c>dotnet groupreduce.dll compress @response-file</c>) in a child
/// process: multi-GB matrices, GPU contexts and plugin dlls never enter the (possibly reused) MSBuild node. The engine's
/// canonical <c>file(line,col): error GRnnnn: message</c> lines become MSBuild errors at the YAML line; anything else it
/// prints is kept at low importance, and a failure that reported nothing becomes one GR5002 error.
/// </summary>
public sealed class CompressGroupReduceModel : ToolTask
{
    private static readonly Regex Diagnostic = new(@":\s*(error|warning)\s+GR\d{4}\s*:", RegexOptions.CultureInvariant);
    private static readonly Regex StackFrame = new(@"^\s+at\s", RegexOptions.CultureInvariant);
    private static readonly Regex Restored = new(@"^.+ restored from the cache \([0-9a-f]{12}\)$", RegexOptions.CultureInvariant);
    private readonly List<string> _unreported = [];

    /// <summary>The model: the primary item from <see cref="ResolveGroupReduceModels"/>, with Spec, DepFile and GroupReduceArtifact.</summary>
    [Required]
    public ITaskItem? Model { get; set; }

    /// <summary>The engine: groupreduce.dll from the package's tools/ folder.</summary>
    [Required]
    public string ToolAssembly { get; set; } = string.Empty;

    /// <summary>quiet, minimal, normal, detailed or diagnostic: how much the engine prints.</summary>
    public string Verbosity { get; set; } = "normal";

    /// <summary>The opt-in content-addressed cache folder, passed to the engine (<c>compress --cache</c>); empty for none.</summary>
    public string CacheDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The <c>GroupReducePlugin</c> items: plugin assemblies outside the engine (from NuGet packages). Each one's folder is
    /// passed to the engine with <c>--plugins</c>.
    /// </summary>
    public ITaskItem[] Plugins { get; set; } = [];

    /// <summary>Whether the engine restored the artifact from the cache instead of compressing.</summary>
    [Output]
    public bool RestoredFromCache { get; set; }

    /// <inheritdoc />
    protected override string ToolName => Path.DirectorySeparatorChar == '\\' ? "dotnet.exe" : "dotnet";

    private string ModelPath => Model!.ItemSpec;

    private string SpecPath => Model!.GetMetadata("Spec");

    private string ArtifactPath => Model!.GetMetadata("GroupReduceArtifact");

    private string DepFilePath => Model!.GetMetadata("DepFile");

    // Distinct, in item order: the engine searches them in this order, after the spec's plugins.paths.
    private IReadOnlyList<string> PluginFolders => Plugins
        .Select(plugin => Path.GetDirectoryName(plugin.GetMetadata("FullPath"))!)
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!ValidateInputs())
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ArtifactPath)!);
        if (!base.Execute() || Log.HasLoggedErrors)
        {
            RemoveTemporaryFiles();
            return false;
        }

        if (!File.Exists(ArtifactPath))
        {
            Log.LogError(null, BuildErrorCodes.ArtifactMissing, null, ModelPath, 0, 0, 0, 0, $"groupreduce reported success but wrote no artifact at '{ArtifactPath}'");
            return false;
        }

        return true;
    }

    /// <inheritdoc />
    protected override string GenerateFullPathToTool()
    {
        // Under `dotnet build` the SDK names the host that runs MSBuild; use it so the engine runs on the same .NET.
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host!;
        }

        // Visual Studio's MSBuild does not set it: find dotnet on PATH.
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(folder.Trim('"'), ToolName);
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return ToolName;
    }

    /// <inheritdoc />
    protected override string GenerateCommandLineCommands() => Quote(Path.GetFullPath(ToolAssembly));

    /// <inheritdoc />
    protected override string GenerateResponseFileCommands()
    {
        // One argument a line: System.CommandLine splits each line like a command line, so quoted paths keep their spaces.
        var lines = new StringBuilder();
        lines.AppendLine("compress");
        lines.AppendLine(Quote(ModelPath));
        lines.AppendLine("--spec").AppendLine(Quote(SpecPath));
        lines.AppendLine("--output").AppendLine(Quote(ArtifactPath));
        lines.AppendLine("--depfile").AppendLine(Quote(DepFilePath));
        foreach (string folder in PluginFolders)
        {
            lines.AppendLine("--plugins").AppendLine(Quote(folder));
        }

        if (CacheDirectory.Length > 0)
        {
            lines.AppendLine("--cache").AppendLine(Quote(Path.GetFullPath(CacheDirectory)));
        }

        switch (Verbosity.ToLowerInvariant())
        {
            case "quiet":
            case "q":
            case "minimal":
            case "m":
                lines.AppendLine("--quiet");
                break;
            case "detailed":
            case "d":
            case "diagnostic":
            case "diag":
                lines.AppendLine("--verbose");
                break;
        }

        return lines.ToString();
    }

    /// <inheritdoc />
    protected override ProcessStartInfo GetProcessStartInfo(string pathToTool, string commandLineCommands, string responseFileSwitch)
    {
        ProcessStartInfo info = base.GetProcessStartInfo(pathToTool, commandLineCommands, responseFileSwitch);

        // Plain text for the log: no colours or progress bars from Spectre.Console.
        info.EnvironmentVariables["NO_COLOR"] = "1";
        return info;
    }

    /// <inheritdoc />
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (Diagnostic.IsMatch(singleLine))
        {
            // MSBuild's canonical-error parser turns it into an error or warning at the file, line and column.
            base.LogEventsFromTextOutput(singleLine, messageImportance);
            return;
        }

        if (Restored.IsMatch(singleLine.Trim()))
        {
            // The engine's summary says why no compression ran: shown at every verbosity, as a compression's cost is.
            Log.LogMessage(MessageImportance.High, "GroupReduce: " + singleLine.Trim());
            RestoredFromCache = true;
            return;
        }

        if (_unreported.Count < 200)
        {
            _unreported.Add(singleLine);
        }

        Log.LogMessage(StackFrame.IsMatch(singleLine) ? MessageImportance.Low : messageImportance, singleLine);
    }

    /// <inheritdoc />
    protected override bool HandleTaskExecutionErrors()
    {
        if (Log.HasLoggedErrors)
        {
            // The engine said what was wrong, at the right place: MSB6006 ("exited with code 1") would only repeat it.
            return false;
        }

        string first = _unreported.FirstOrDefault(line => line.Trim().Length > 0 && !StackFrame.IsMatch(line))?.Trim() ?? "no output";
        Log.LogError(null, BuildErrorCodes.ToolCrashed, null, ModelPath, 0, 0, 0, 0,
            $"groupreduce failed (exit code {ExitCode}) without reporting an error: {first}. The full output is in the build log at detailed verbosity.");
        return false;
    }

    private bool ValidateInputs()
    {
        string project = BuildEngine?.ProjectFileOfTaskNode ?? string.Empty;
        if (!File.Exists(ToolAssembly))
        {
            Log.LogError(null, BuildErrorCodes.ToolNotFound, null, project, 0, 0, 0, 0, $"the groupreduce engine is missing at '{ToolAssembly}'; restore the GroupReduce.Build package again, or fix GroupReduceToolAssembly");
        }

        foreach (ITaskItem plugin in Plugins)
        {
            if (!File.Exists(plugin.GetMetadata("FullPath")))
            {
                Log.LogError(null, BuildErrorCodes.PluginNotFound, null, project, 0, 0, 0, 0,
                    $"GroupReducePlugin '{plugin.ItemSpec}' does not exist; restore the package that adds it again, or fix the item");
            }
        }

        if (!File.Exists(ModelPath))
        {
            Log.LogError(null, BuildErrorCodes.ModelNotFound, null, project, 0, 0, 0, 0, $"GroupReduceModel '{ModelPath}' does not exist");
        }
        else if (!File.Exists(SpecPath))
        {
            Log.LogError(null, BuildErrorCodes.SpecNotFound, null, project, 0, 0, 0, 0,
                $"no compression spec for '{Path.GetFileName(ModelPath)}': '{SpecPath}' does not exist. Add groupreduce.yaml or {Path.GetFileNameWithoutExtension(ModelPath)}.groupreduce.yaml beside the model, or set the item's Spec metadata");
        }

        return !Log.HasLoggedErrors;
    }

    private static string Quote(string path) => "\"" + path + "\"";

    // A cancelled build kills the engine's process tree, so the engine cannot remove what it stages beside the
    // artifact: the artifact's and the reports' temporary files (".<name>.<32 hex>.tmp") and its output lock
    // (".<name>.lock", a kernel lock that died with the engine). The task, which outlives it, does.
    private void RemoveTemporaryFiles()
    {
        string artifact = Path.GetFullPath(ArtifactPath);
        string folder = Path.GetDirectoryName(artifact)!;
        if (!Directory.Exists(folder))
        {
            return;
        }

        string name = Path.GetFileName(artifact);
        (string json, string markdown) = GroupReduce.Core.OutputNames.ReportPaths(artifact);
        var patterns = new[] { "." + name + ".*.tmp", "." + Path.GetFileName(json) + ".*.tmp", "." + Path.GetFileName(markdown) + ".*.tmp", "." + name + ".lock" };
        foreach (string file in patterns.SelectMany(pattern => Directory.GetFiles(folder, pattern)))
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still held by a process that has not exited yet: it is named so that it never passes for the artifact.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }
}
