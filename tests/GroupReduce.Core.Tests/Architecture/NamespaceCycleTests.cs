using System.Text;
using Xunit;

namespace GroupReduce.Core.Tests.Architecture;

/// <summary>
/// Core's top-level namespaces form a layered graph (docs/ARCHITECTURE.md draws it): a cycle between two rooms means
/// neither can be read, tested or moved without the other, which is how the flat Pipeline room grew.
/// </summary>
public sealed class NamespaceCycleTests
{
    private static readonly string CoreAssembly = Path.Combine(AppContext.BaseDirectory, "GroupReduce.Core.dll");

    [Fact]
    public void No_two_of_Cores_top_level_namespaces_use_each_other()
    {
        NamespaceGraph graph = NamespaceGraph.Read(CoreAssembly);

        IReadOnlyList<IReadOnlyList<string>> cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, Describe(graph, cycles));
    }

    [Fact]
    public void The_graph_sees_uses_in_method_bodies_and_signatures()
    {
        // Guards the test above against reading nothing: the engine's room is known to use the spec's room.
        NamespaceGraph graph = NamespaceGraph.Read(CoreAssembly);

        Assert.Contains("GroupReduce.Core.Spec", graph.Rooms);
        Assert.Contains(graph.Rooms, room => graph.Uses(room).ContainsKey("GroupReduce.Core.Spec"));
        Assert.True(graph.Rooms.Count >= 8, string.Join(", ", graph.Rooms));
    }

    private static string Describe(NamespaceGraph graph, IReadOnlyList<IReadOnlyList<string>> cycles)
    {
        var text = new StringBuilder("Core's namespaces use each other in a cycle; move the type named below to the room it belongs in:");
        foreach (IReadOnlyList<string> cycle in cycles)
        {
            text.Append("\n  cycle: ").Append(string.Join(" <-> ", cycle));
            foreach (string room in cycle)
            {
                foreach ((string used, string example) in graph.Uses(room))
                {
                    if (cycle.Contains(used))
                    {
                        text.Append("\n    ").Append(room).Append(" -> ").Append(used).Append(": ").Append(example);
                    }
                }
            }
        }

        return text.ToString();
    }
}
