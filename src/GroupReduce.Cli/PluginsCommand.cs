using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GroupReduce.Core.Plugins;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>
/// <c>groupreduce plugins list</c>: every plugin found, and why any candidate was refused. Everything shown is read
/// from the plugins' metadata: listing runs no plugin code.
/// </summary>
internal static class PluginsCommand
{
    /// <summary>The one-line warning for the old spelling of the folder option, which still works.</summary>
    public const string PathDeprecated = "groupreduce: warning: 'plugins list --path'/'-p' is deprecated and will be removed; use '--plugins', as compress, sweep and tune spell it";

    public static Command Create(TextWriter output, TextWriter error)
    {
        Option<DirectoryInfo[]> plugins = CommonOptions.Plugins("Extra plugin folders (or plugin dlls) to search, besides the built-in plugins.");
        // 'list' takes no argument a folder could be mistaken for: '--plugins a b' names two folders, as '--path a b' did.
        plugins.AllowMultipleArgumentsPerToken = true;
        // The spelling before --plugins: kept, out of the help, so that scripts written against it still run.
        var paths = new Option<DirectoryInfo[]>("--path", "-p") { Hidden = true, AllowMultipleArgumentsPerToken = true, Description = "Deprecated: use --plugins." };
        var spec = new Option<FileInfo?>("--spec", "-s") { Description = "Also search the plugins.paths of this spec." };
        Option<bool> json = CommonOptions.Json("Print the plugins and refused candidates as JSON on stdout instead of the table.");
        Option<bool> verbose = CommonOptions.Verbose();
        var list = new Command("list", "List the partitioners, solvers and quantizers found: name, kind, version, contract version, path; and refused candidates.")
        {
            plugins, paths, spec, json, verbose,
        };
        list.SetAction(parse => ErrorReporter.Run(
            () =>
            {
                DirectoryInfo[] old = parse.GetValue(paths) ?? [];
                if (old.Length > 0)
                {
                    error.WriteLine(ConsoleStyle.Warning(PathDeprecated, ConsoleStyle.ColorFor(error)));
                }

                return List([.. parse.GetValue(plugins) ?? [], .. old], parse.GetValue(spec), parse.GetValue(json), output);
            },
            error,
            parse.GetValue(verbose)));
        return new Command("plugins", "Plugin commands.") { list };
    }

    private static int List(DirectoryInfo[] paths, FileInfo? specFile, bool json, TextWriter output)
    {
        var search = paths.Select(p => new PluginSearchPath(p.FullName)).ToList();
        if (specFile is not null)
        {
            search.AddRange(Core.Spec.SpecLoader.Load(specFile.FullName).PluginPaths.Select(p => new PluginSearchPath(p.Value, p.Location)));
        }

        using PluginHost host = PluginHost.Discover(search);
        List<PluginComponentInfo> components = [.. host.Components.OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.Ordinal)];
        List<IGrouping<(PluginKind Kind, string Name), PluginComponentInfo>> duplicates = [.. host.Components.GroupBy(c => (c.Kind, c.Name)).Where(g => g.Count() > 1)];
        List<PluginCandidate> refused = [.. host.Candidates.Where(c => c.Refusal is not null)];
        if (json)
        {
            output.WriteLine(Json(components, duplicates, refused).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }

        IAnsiConsole console = Terminal.For(output);
        var table = new Table().AddColumns("name", "kind", "version", "contract", "description", "path");
        foreach (PluginComponentInfo component in components)
        {
            table.AddTextRow(
                component.Name,
                Kind(component.Kind),
                component.Assembly.Version,
                component.Assembly.ContractVersion,
                component.Description ?? "(not a constant)",
                component.Assembly.Path);
        }

        console.Write(table);
        foreach (var duplicate in duplicates)
        {
            console.WriteLine(TerminalText.Printable($"duplicate: {duplicate.Count()} {Kind(duplicate.Key.Kind)} plugins are named '{duplicate.Key.Name}'; a spec naming it will fail (GR3004)"));
        }

        foreach (PluginCandidate candidate in refused)
        {
            console.WriteLine(TerminalText.Printable($"refused: {candidate.Path}: {candidate.Refusal}"));
        }

        return ExitCodes.Ok;
    }

    // The table's facts with snake_case keys, as the other commands' JSON has them.
    private static JsonObject Json(List<PluginComponentInfo> components, List<IGrouping<(PluginKind Kind, string Name), PluginComponentInfo>> duplicates, List<PluginCandidate> refused) => new()
    {
        ["plugins"] = new JsonArray([.. components.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["kind"] = Kind(c.Kind),
            ["version"] = c.Assembly.Version,
            ["contract"] = c.Assembly.ContractVersion,
            ["description"] = c.Description,
            ["assembly"] = c.Assembly.AssemblyName,
            ["path"] = c.Assembly.Path,
            ["sha256"] = c.Assembly.Sha256,
        })]),
        ["duplicates"] = new JsonArray([.. duplicates.Select(d => (JsonNode)new JsonObject { ["kind"] = Kind(d.Key.Kind), ["name"] = d.Key.Name, ["count"] = d.Count() })]),
        ["refused"] = new JsonArray([.. refused.Select(r => (JsonNode)new JsonObject { ["path"] = r.Path, ["reason"] = r.Refusal })]),
    };

    private static string Kind(PluginKind kind) => kind.ToString().ToLowerInvariant();
}
