using GroupReduce.Core;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GroupReduce.Build;

/// <summary>
/// Works out, for every <c>GroupReduceModel</c> item, its spec, artifact, dependency file and the inputs of the
/// compression target. Cheap and side-effect free, so it runs in every build, design-time builds included.
/// </summary>
public sealed class ResolveGroupReduceModels : Microsoft.Build.Utilities.Task
{
    /// <summary>The <c>GroupReduceModel</c> items.</summary>
    [Required]
    public ITaskItem[] Models { get; set; } = [];

    /// <summary>The folder under obj/ that receives the artifacts and dependency files.</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = string.Empty;

    /// <summary>The project's folder: relative Spec metadata is taken from here, as MSBuild takes item paths.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The engine's files every artifact depends on (groupreduce.dll, the built-in plugins).</summary>
    public ITaskItem[] ToolFiles { get; set; } = [];

    /// <summary>The files of the <c>GroupReducePlugin</c> items' folders: every artifact depends on them too.</summary>
    public ITaskItem[] PluginFiles { get; set; } = [];

    /// <summary>
    /// Every input of every model, each with <c>GroupReduceArtifact</c> metadata so the compression target batches per
    /// artifact; the model's own item has <c>GroupReducePrimary=true</c> and carries Spec, DepFile and Artifact.
    /// </summary>
    [Output]
    public ITaskItem[] Inputs { get; set; } = [];

    /// <summary>The artifacts (under obj/), with the metadata of the None item that copies them to bin/, publish and the package.</summary>
    [Output]
    public ITaskItem[] Artifacts { get; set; } = [];

    /// <summary>
    /// For each ONNX artifact, the external data file the engine writes beside it when it writes one
    /// (<c>NAME.data</c>), with the artifact's copy metadata and its own <c>Link</c>/<c>PackagePath</c>. Known only after
    /// the run: the targets ship the ones that exist once the compression is done.
    /// </summary>
    [Output]
    public ITaskItem[] DataFiles { get; set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var inputs = new List<ITaskItem>();
        var artifacts = new List<ITaskItem>();
        var dataFiles = new List<ITaskItem>();
        string intermediate = Path.GetFullPath(Path.Combine(ProjectDirectory, IntermediateDirectory));
        foreach (ITaskItem model in Models)
        {
            string modelPath = Path.GetFullPath(Path.Combine(ProjectDirectory, model.ItemSpec)).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            string spec = ResolveSpec(model, modelPath);
            string outputName = Or(model.GetMetadata("OutputName"), OutputNames.ArtifactName(modelPath));
            if (Directory.Exists(modelPath))
            {
                // A Hugging Face checkpoint folder: the engine reads its index (or model.safetensors), so that file is the
                // model the target depends on (a folder has no timestamp MSBuild compares); the shards follow from the depfile.
                string? file = CheckpointFolder.ModelFile(modelPath);
                if (file is null)
                {
                    Log.LogError(null, BuildErrorCodes.CheckpointFolderUnclear, null, model.ItemSpec, 0, 0, 0, 0,
                        $"GroupReduceModel '{model.ItemSpec}' is a folder with {(CheckpointFolder.Indexes(modelPath).Length > 1 ? "several *" + CheckpointFolder.IndexSuffix + " indexes" : "no *" + CheckpointFolder.IndexSuffix + " and no " + CheckpointFolder.SingleFile)}; include the model file itself, or the folder of one Hugging Face checkpoint");
                    continue;
                }

                modelPath = file;
            }

            string artifact = Path.Combine(intermediate, outputName);
            string depFile = artifact + ".deps";
            (string reportJson, string reportMarkdown) = OutputNames.ReportPaths(artifact);

            var primary = new TaskItem(modelPath);
            model.CopyMetadataTo(primary);
            primary.SetMetadata("GroupReducePrimary", "true");
            primary.SetMetadata("GroupReduceArtifact", artifact);
            primary.SetMetadata("Spec", spec);
            primary.SetMetadata("DepFile", depFile);
            inputs.Add(primary);

            // Inputs of the target: the spec and the engine always; what the previous run read (frequency files, plugins
            // named by the spec) once it has run. A missing listed file makes MSBuild rerun the target, as it should.
            IEnumerable<string> others = new[] { spec }
                .Concat(ToolFiles.Select(tool => tool.GetMetadata("FullPath")))
                .Concat(PluginFiles.Select(plugin => plugin.GetMetadata("FullPath")))
                .Concat(DependencyFileReader.Read(depFile))
                .Where(path => !string.Equals(path, modelPath, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal);
            foreach (string path in others)
            {
                var input = new TaskItem(path);
                input.SetMetadata("GroupReducePrimary", "false");
                input.SetMetadata("GroupReduceArtifact", artifact);
                inputs.Add(input);
            }

            var output = new TaskItem(artifact);
            output.SetMetadata("Link", outputName);
            output.SetMetadata("GroupReduceModel", modelPath);
            output.SetMetadata("DepFile", depFile);
            output.SetMetadata("ReportJson", reportJson);
            output.SetMetadata("ReportMarkdown", reportMarkdown);

            // CopyToOutputDirectory and Pack have their defaults in GroupReduce.Build.props (the item definition), their
            // one home; CopyToPublishDirectory follows the item's own CopyToOutputDirectory, which only an item knows.
            output.SetMetadata("CopyToOutputDirectory", model.GetMetadata("CopyToOutputDirectory"));
            output.SetMetadata("CopyToPublishDirectory", Or(model.GetMetadata("CopyToPublishDirectory"), model.GetMetadata("CopyToOutputDirectory")));
            output.SetMetadata("Pack", model.GetMetadata("Pack"));
            output.SetMetadata("PackagePath", Or(model.GetMetadata("PackagePath"), "contentFiles/any/any/" + outputName));
            output.SetMetadata("PackageCopyToOutput", "true");
            output.SetMetadata("BuildAction", "None");
            output.SetMetadata("Visible", "false");
            artifacts.Add(output);

            if (OutputNames.IsOnnx(artifact))
            {
                string dataName = Path.GetFileName(OutputNames.ExternalDataPath(outputName));
                var data = new TaskItem(OutputNames.ExternalDataPath(artifact));
                output.CopyMetadataTo(data);
                data.SetMetadata("Link", dataName);
                data.SetMetadata("TargetPath", dataName);
                data.SetMetadata("PackagePath", PackageFolder(output.GetMetadata("PackagePath")) + dataName);
                dataFiles.Add(data);
            }
        }

        Inputs = inputs.ToArray();
        Artifacts = artifacts.ToArray();
        DataFiles = dataFiles.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// The item's Spec, else (for a checkpoint folder) <c>groupreduce.yaml</c> inside it, else
    /// <c>%(Filename).groupreduce.yaml</c> beside the model, else <c>groupreduce.yaml</c> beside it. The model's own spec
    /// wins over the folder's so that two models can share a folder and still differ.
    /// </summary>
    private string ResolveSpec(ITaskItem model, string modelPath)
    {
        string given = model.GetMetadata("Spec");
        if (given.Length > 0)
        {
            return Path.GetFullPath(Path.Combine(ProjectDirectory, given));
        }

        string inside = Path.Combine(modelPath, "groupreduce.yaml");
        if (Directory.Exists(modelPath) && File.Exists(inside))
        {
            return inside;
        }

        string folder = Path.GetDirectoryName(modelPath) ?? ProjectDirectory;
        string own = Path.Combine(folder, Path.GetFileNameWithoutExtension(modelPath) + ".groupreduce.yaml");
        return File.Exists(own) ? own : Path.Combine(folder, "groupreduce.yaml");
    }

    // The folder part of the artifact's PackagePath ("contentFiles/any/any/" for the default), where its data file goes
    // too: under the name the model refers to, whatever the artifact is called in the package.
    private static string PackageFolder(string packagePath)
    {
        string path = packagePath.Replace('\\', '/');
        int slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path.Substring(0, slash + 1);
    }

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
