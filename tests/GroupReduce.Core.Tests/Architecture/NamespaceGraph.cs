using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GroupReduce.Core.Tests.Architecture;

/// <summary>
/// Which of Core's top-level namespaces (its rooms: <c>GroupReduce.Core.Spec</c>, <c>GroupReduce.Core.Pipeline</c>, ...)
/// use which, read from the compiled IL so that a fully qualified name or a method body counts as much as a
/// <c>using</c> line. Each edge keeps one example (user type → used type) so a failure says where to look.
/// </summary>
internal sealed class NamespaceGraph
{
    private const string CorePrefix = "GroupReduce.Core";

    private readonly Dictionary<string, Dictionary<string, string>> edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>Gets every room that has at least one type.</summary>
    public SortedSet<string> Rooms { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the assembly at <paramref name="path"/>.</summary>
    public static NamespaceGraph Read(string path)
    {
        var graph = new NamespaceGraph();
        using var module = ModuleDefinition.ReadModule(path);
        foreach (TypeDefinition type in module.GetTypes())
        {
            string? from = RoomOf(type);
            if (from is null)
            {
                continue;
            }

            graph.Rooms.Add(from);
            foreach (TypeReference used in UsedTypes(type))
            {
                graph.AddEdge(from, type, used, module);
            }
        }

        return graph;
    }

    /// <summary>Gets the rooms <paramref name="room"/> uses, each with an example.</summary>
    public IReadOnlyDictionary<string, string> Uses(string room) =>
        edges.TryGetValue(room, out Dictionary<string, string>? uses) ? uses : new Dictionary<string, string>();

    /// <summary>Gets every strongly connected set of two or more rooms (Tarjan), each sorted by name.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        int next = 0;

        void Visit(string room)
        {
            index[room] = low[room] = next++;
            stack.Push(room);
            onStack.Add(room);
            foreach (string used in Uses(room).Keys)
            {
                if (!index.ContainsKey(used))
                {
                    Visit(used);
                    low[room] = Math.Min(low[room], low[used]);
                }
                else if (onStack.Contains(used))
                {
                    low[room] = Math.Min(low[room], index[used]);
                }
            }

            if (low[room] == index[room])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != room);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (string room in Rooms)
        {
            if (!index.ContainsKey(room))
            {
                Visit(room);
            }
        }

        return cycles;
    }

    private static string? RoomOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        string ns = type.Namespace;
        if (ns == CorePrefix)
        {
            return CorePrefix;
        }

        if (!ns.StartsWith(CorePrefix + ".", StringComparison.Ordinal))
        {
            return null;
        }

        int end = ns.IndexOf('.', CorePrefix.Length + 1);
        return end < 0 ? ns : ns[..end];
    }

    private void AddEdge(string from, TypeDefinition user, TypeReference used, ModuleDefinition module)
    {
        foreach (TypeReference element in Elements(used))
        {
            // Only Core's own types make rooms; a namespace of the same spelling in another assembly would not.
            if (element.Scope is not ModuleDefinition scope || scope != module)
            {
                continue;
            }

            string? to = RoomOf(element);
            if (to is null || to == from)
            {
                continue;
            }

            if (!edges.TryGetValue(from, out Dictionary<string, string>? uses))
            {
                edges[from] = uses = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            uses.TryAdd(to, $"{user.FullName} uses {element.FullName}");
        }
    }

    private static IEnumerable<TypeReference> Elements(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                foreach (TypeReference inner in Elements(generic.ElementType))
                {
                    yield return inner;
                }

                foreach (TypeReference argument in generic.GenericArguments)
                {
                    foreach (TypeReference inner in Elements(argument))
                    {
                        yield return inner;
                    }
                }

                break;
            case TypeSpecification specification:
                foreach (TypeReference inner in Elements(specification.ElementType))
                {
                    yield return inner;
                }

                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }

        foreach (InterfaceImplementation implemented in type.Interfaces)
        {
            yield return implemented.InterfaceType;
        }

        foreach (CustomAttribute attribute in type.CustomAttributes)
        {
            yield return attribute.AttributeType;
        }

        foreach (FieldDefinition field in type.Fields)
        {
            yield return field.FieldType;
        }

        foreach (PropertyDefinition property in type.Properties)
        {
            yield return property.PropertyType;
        }

        foreach (MethodDefinition method in type.Methods)
        {
            foreach (TypeReference used in MethodTypes(method))
            {
                yield return used;
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (VariableDefinition variable in method.Body.Variables)
            {
                yield return variable.VariableType;
            }

            foreach (Instruction instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operand:
                        yield return operand;
                        break;
                    case MethodReference called:
                        yield return called.DeclaringType;
                        foreach (TypeReference used in MethodTypes(called))
                        {
                            yield return used;
                        }

                        if (called is GenericInstanceMethod instance)
                        {
                            foreach (TypeReference argument in instance.GenericArguments)
                            {
                                yield return argument;
                            }
                        }

                        break;
                    case FieldReference field:
                        yield return field.DeclaringType;
                        yield return field.FieldType;
                        break;
                }
            }
        }
    }

    private static IEnumerable<TypeReference> MethodTypes(MethodReference method)
    {
        yield return method.ReturnType;
        foreach (ParameterDefinition parameter in method.Parameters)
        {
            yield return parameter.ParameterType;
        }
    }
}
