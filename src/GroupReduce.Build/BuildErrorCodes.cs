
namespace GroupReduce.Build;

/// <summary>The GR5xxx codes of the MSBuild integration; docs/errors.md lists them with what to do.</summary>
internal static class BuildErrorCodes
{
    /// <summary>The engine (groupreduce.dll) is not where the package puts it.</summary>
    public const string ToolNotFound = "GR5001";

    /// <summary>The engine exited with a failure code without reporting a diagnostic: a crash, or a runtime that could not start it.</summary>
    public const string ToolCrashed = "GR5002";

    /// <summary>A GroupReduceModel item names a file that does not exist.</summary>
    public const string ModelNotFound = "GR5003";

    /// <summary>No spec: the item's Spec is missing, or neither default spec file exists beside the model.</summary>
    public const string SpecNotFound = "GR5004";

    /// <summary>The engine reported success but wrote no artifact.</summary>
    public const string ArtifactMissing = "GR5005";

    // GR5006 and GR5007 (the cache's warnings) moved with the cache into the engine: GroupReduce.Core.Caching.CacheErrorCodes.

    /// <summary>A GroupReducePlugin item names a plugin assembly that does not exist.</summary>
    public const string PluginNotFound = "GR5008";

    /// <summary>A <c>GroupReduceModel</c> item names a folder that holds neither one <c>*.safetensors.index.json</c> nor a <c>model.safetensors</c>.</summary>
    public const string CheckpointFolderUnclear = "GR5009";
}
