using System.CommandLine;
using GroupReduce.Core.Plugins;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>
/// <c>groupreduce plugins list</c>: every plugin found, and why any candidate was refused. Everything shown is read
/// from the plugins' metadata: listing runs no plugin code.
/// </summary>
internal static class PluginsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Option<DirectoryInfo[]>("--path", "-p") { Description = "Extra plugin folders (or plugin dlls) to search, besides the built-in plugins.", AllowMultipleArgumentsPerToken = true };
        var spec = new Option<FileInfo?>("--spec", "-s") { Description = "Also search the plugins.paths of this spec." };
        Option<bool> verbose = CommonOptions.Verbose();
        var list = new Command("list", "List the partitioners, solvers and quantizers found: name, kind, version, contract version, path; and refused candidates.")
        {
            paths, spec, verbose,
        };
        list.SetAction(parse => ErrorReporter.Run(() => List(parse.GetValue(paths) ?? [], parse.GetValue(spec), output), error, parse.GetValue(verbose)));
        return new Command("plugins", "Plugin commands.") { list };
    }

    private static int List(DirectoryInfo[] paths, FileInfo? specFile, TextWriter output)
    {
        var search = paths.Select(p => new PluginSearchPath(p.FullName)).ToList();
        if (specFile is not null)
        {
            search.AddRange(Core.Spec.SpecLoader.Load(specFile.FullName).PluginPaths.Select(p => new PluginSearchPath(p.Value, p.Location)));
        }

        using PluginHost host = PluginHost.Discover(search);
        IAnsiConsole console = Terminal.For(output);
        var table = new Table().AddColumns("name", "kind", "version", "contract", "description", "path");
        foreach (PluginComponentInfo component in host.Components.OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            table.AddTextRow(
                component.Name,
                component.Kind.ToString().ToLowerInvariant(),
                component.Assembly.Version,
                component.Assembly.ContractVersion,
                component.Description ?? "(not a constant)",
                component.Assembly.Path);
        }

        console.Write(table);
        foreach (var duplicate in host.Components.GroupBy(c => (c.Kind, c.Name)).Where(g => g.Count() > 1))
        {
            console.WriteLine($"duplicate: {duplicate.Count()} {duplicate.Key.Kind.ToString().ToLowerInvariant()} plugins are named '{duplicate.Key.Name}'; a spec naming it will fail (GR3004)");
        }

        foreach (PluginCandidate refused in host.Candidates.Where(c => c.Refusal is not null))
        {
            console.WriteLine($"refused: {refused.Path}: {refused.Refusal}");
        }

        return ExitCodes.Ok;
    }
}
