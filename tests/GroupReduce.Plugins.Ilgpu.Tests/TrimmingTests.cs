using System.Reflection;
using System.Xml.Linq;

namespace GroupReduce.Plugins.Ilgpu.Tests;

/// <summary>ILGPU does not survive trimming: nothing that carries the plugin may be trimmed, and the build refuses it.</summary>
public sealed class TrimmingTests
{
    [Fact]
    public void The_plugin_assembly_is_not_marked_trimmable()
    {
        IEnumerable<AssemblyMetadataAttribute> metadata = typeof(IlgpuSolverFactory).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>();
        Assert.DoesNotContain(metadata, m => m.Key == "IsTrimmable" && string.Equals(m.Value, "True", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_plugin_and_the_tool_say_explicitly_that_they_are_not_trimmed()
    {
        string root = RepositoryRoot();
        XDocument plugin = XDocument.Load(Path.Combine(root, "plugins", "GroupReduce.Plugins.Ilgpu", "GroupReduce.Plugins.Ilgpu.csproj"));
        Assert.Equal("false", Property(plugin, "IsTrimmable"));
        Assert.Equal("false", Property(plugin, "PublishTrimmed"));

        // Every project (the dotnet tool included) inherits this, and none may turn it back on.
        Assert.Equal("false", Property(XDocument.Load(Path.Combine(root, "Directory.Build.props")), "PublishTrimmed"));
        foreach (string project in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "plugins"), "*.csproj", SearchOption.AllDirectories)))
        {
            XDocument document = XDocument.Load(project);
            Assert.NotEqual("true", Property(document, "PublishTrimmed"));

            // GroupReduce.Runtime is what apps ship: no reflection, no ILGPU, and apps may trim themselves.
            if (Path.GetFileNameWithoutExtension(project) != "GroupReduce.Runtime")
            {
                Assert.NotEqual("true", Property(document, "IsTrimmable"));
            }
        }

        // And a command-line PublishTrimmed=true stops the publish.
        XDocument targets = XDocument.Load(Path.Combine(root, "Directory.Build.targets"));
        XElement refuse = Assert.Single(targets.Descendants("Target"), t => (string?)t.Attribute("Name") == "RefuseTrimmedPublish");
        Assert.Equal("PrepareForPublish", (string?)refuse.Attribute("BeforeTargets"));
        Assert.Contains("'$(PublishTrimmed)' == 'true'", (string?)refuse.Attribute("Condition"), StringComparison.Ordinal);
        Assert.Single(refuse.Elements("Error"));
    }

    private static string? Property(XDocument project, string name) =>
        project.Descendants(name).Select(e => e.Value.Trim()).LastOrDefault();

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GroupReduce.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("GroupReduce.sln not found above " + AppContext.BaseDirectory);
    }
}
