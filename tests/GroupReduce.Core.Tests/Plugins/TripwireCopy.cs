using System.Runtime.Loader;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;

namespace GroupReduce.Core.Tests.Plugins;

/// <summary>
/// A private copy of the tripwire test plugin's folder: its constructors append to a marker file beside this copy's
/// dll, so a test sees exactly which of its code ran, whatever other tests do with theirs.
/// </summary>
internal sealed class TripwireCopy : IDisposable
{
    public const string AssemblyName = "GroupReduce.TestPlugins.Tripwire";

    private readonly TempFolder _folder = new();

    public TripwireCopy(int copies = 1)
    {
        string source = System.IO.Path.Combine(Runs.TestPlugins, AssemblyName);
        for (int copy = 0; copy < copies; copy++)
        {
            string target = System.IO.Path.Combine(_folder.Path, $"copy{copy}", AssemblyName);
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(source).Where(f => !f.EndsWith(".ran", StringComparison.Ordinal)))
            {
                File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
            }
        }
    }

    /// <summary>The folder to search (holding the plugin folder of the first copy).</summary>
    public string SearchPath => Folder(0);

    /// <summary>The first copy's plugin dll.</summary>
    public string Dll => DllOf(0);

    /// <summary>The first copy's marker file.</summary>
    public string Marker => MarkerOf(0);

    /// <summary>What the first copy's code wrote: empty when none of it ran.</summary>
    public string Ran => File.Exists(Marker) ? File.ReadAllText(Marker) : string.Empty;

    /// <summary>Whether any load context holds the first copy's assembly.</summary>
    public bool IsLoaded => AssemblyLoadContext.All
        .SelectMany(context => context.Assemblies)
        .Any(assembly => !assembly.IsDynamic && string.Equals(assembly.Location, Dll, StringComparison.Ordinal));

    public string Folder(int copy) => System.IO.Path.Combine(_folder.Path, $"copy{copy}");

    public string DllOf(int copy) => System.IO.Path.Combine(Folder(copy), AssemblyName, AssemblyName + ".dll");

    public string MarkerOf(int copy) => System.IO.Path.Combine(Folder(copy), AssemblyName, "tripwire.ran");

    public void Dispose() => _folder.Dispose();
}
