using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace GroupReduce.Core.Plugins;

/// <summary>
/// Finds a plugin's factories in its metadata, the way reflection would after loading it, but without
/// loading it: public, non-abstract, non-generic classes with a public parameterless constructor that
/// implement a factory interface of GroupReduce.Abstractions — directly, through a base class or an
/// interface of the same assembly. A base class from another assembly cannot be followed without loading
/// that assembly, so a factory must implement the interface in the plugin itself (every C# factory does).
/// </summary>
internal sealed class FactoryTypeScanner
{
    private const string ContractAssembly = "GroupReduce.Abstractions";
    private const string ContractNamespace = "GroupReduce.Abstractions.Plugins";

    // More base classes and interfaces than any real factory has; beyond it a hierarchy is not followed further.
    private const int MaxHierarchy = 256;

    // In the host's old reflection order: a class implementing several factory interfaces is the first of these.
    private static readonly (string Interface, PluginKind Kind)[] Factories =
    [
        ("IPartitionerFactory", PluginKind.Partitioner),
        ("ISolverFactory", PluginKind.Solver),
        ("IQuantizerFactory", PluginKind.Quantizer),
    ];

    private readonly PEReader _pe;
    private readonly MetadataReader _reader;

    // Each type's own public getters, looked up once: many factories may share a base class with many methods.
    private readonly Dictionary<(TypeDefinitionHandle, string), MethodDefinitionHandle> _getters = [];

    private FactoryTypeScanner(PEReader pe, MetadataReader reader)
    {
        _pe = pe;
        _reader = reader;
    }

    /// <summary>Every factory class of the assembly, ordered by full name.</summary>
    /// <param name="pe">The image.</param>
    /// <param name="reader">Its metadata.</param>
    public static List<DeclaredComponent> Scan(PEReader pe, MetadataReader reader) => new FactoryTypeScanner(pe, reader).Scan();

    private List<DeclaredComponent> Scan()
    {
        MetadataReader reader = _reader;
        var found = new List<DeclaredComponent>();
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            if (!IsConcreteVisibleClass(reader, type) || !HasPublicParameterlessConstructor(reader, type))
            {
                continue;
            }

            var interfaces = new HashSet<string>(StringComparer.Ordinal);
            CollectContractInterfaces(reader, handle, interfaces);
            foreach ((string contract, PluginKind kind) in Factories)
            {
                if (interfaces.Contains(contract))
                {
                    string? name = ReadGetter(handle, "Name");
                    string? description = ReadGetter(handle, "Description");
                    found.Add(new DeclaredComponent(kind, FullName(reader, type), name, description));
                    break;
                }
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.TypeName, b.TypeName));
        return found;
    }

    private static bool IsConcreteVisibleClass(MetadataReader reader, TypeDefinition type)
    {
        TypeAttributes attributes = type.Attributes;
        if ((attributes & (TypeAttributes.Interface | TypeAttributes.Abstract)) != 0 || type.GetGenericParameters().Count > 0)
        {
            return false;
        }

        if (BaseName(reader, type.BaseType) is ("System", "ValueType" or "Enum" or "Delegate" or "MulticastDelegate"))
        {
            return false;
        }

        // Nested types count when every type around them is public, as with Assembly.GetExportedTypes.
        for (int depth = 0; depth < 64; depth++)
        {
            switch (attributes & TypeAttributes.VisibilityMask)
            {
                case TypeAttributes.Public:
                    return true;
                case TypeAttributes.NestedPublic:
                    TypeDefinitionHandle outer = type.GetDeclaringType();
                    if (outer.IsNil)
                    {
                        return false;
                    }

                    type = reader.GetTypeDefinition(outer);
                    attributes = type.Attributes;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool HasPublicParameterlessConstructor(MetadataReader reader, TypeDefinition type)
    {
        foreach (MethodDefinitionHandle handle in type.GetMethods())
        {
            MethodDefinition method = reader.GetMethodDefinition(handle);
            if ((method.Attributes & (MethodAttributes.MemberAccessMask | MethodAttributes.Static)) == MethodAttributes.Public
                && reader.StringComparer.Equals(method.Name, ".ctor")
                && ParameterCount(reader, method) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int ParameterCount(MetadataReader reader, MethodDefinition method)
    {
        BlobReader signature = reader.GetBlobReader(method.Signature);
        SignatureHeader header = signature.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            signature.ReadCompressedInteger();
        }

        return signature.ReadCompressedInteger();
    }

    // The names of the contract interfaces a type implements, following base classes and interfaces defined in this
    // assembly. Iterative and bounded: hostile metadata can chain thousands of types, which must neither overflow
    // the stack nor make discovery quadratic.
    private static void CollectContractInterfaces(MetadataReader reader, EntityHandle start, HashSet<string> found)
    {
        var visited = new HashSet<EntityHandle>();
        var pending = new Stack<EntityHandle>();
        pending.Push(start);
        while (pending.Count > 0 && visited.Count < MaxHierarchy)
        {
            EntityHandle handle = GenericDefinition(reader, pending.Pop());
            if (handle.IsNil || !visited.Add(handle))
            {
                continue;
            }

            if (handle.Kind == HandleKind.TypeReference)
            {
                TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                if (reader.StringComparer.Equals(reference.Namespace, ContractNamespace) && IsContractAssembly(reader, reference.ResolutionScope))
                {
                    found.Add(reader.GetString(reference.Name));
                }
            }
            else if (handle.Kind == HandleKind.TypeDefinition)
            {
                TypeDefinition type = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                pending.Push(type.BaseType);
                foreach (InterfaceImplementationHandle implementation in type.GetInterfaceImplementations())
                {
                    if (pending.Count >= MaxHierarchy)
                    {
                        break;
                    }

                    pending.Push(reader.GetInterfaceImplementation(implementation).Interface);
                }
            }
        }
    }

    private static bool IsContractAssembly(MetadataReader reader, EntityHandle scope) =>
        scope.Kind == HandleKind.AssemblyReference
        && reader.StringComparer.Equals(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name, ContractAssembly);

    // A generic instantiation (Base<T>, IFoo<T>) stands for its definition; anything else is itself.
    private static EntityHandle GenericDefinition(MetadataReader reader, EntityHandle handle)
    {
        if (handle.Kind != HandleKind.TypeSpecification)
        {
            return handle;
        }

        BlobReader blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return default;
        }

        blob.ReadSignatureTypeCode();
        return blob.ReadTypeHandle();
    }

    // The getter that implements IPluginComponent.<property>: an explicit implementation, else a public instance
    // get_<property>, on the class or a base class of this assembly (the most derived wins, as with virtual calls).
    private string? ReadGetter(TypeDefinitionHandle start, string property)
    {
        MetadataReader reader = _reader;
        string getter = "get_" + property;
        var visited = new HashSet<EntityHandle>();
        EntityHandle current = start;
        while (current.Kind == HandleKind.TypeDefinition && visited.Count < MaxHierarchy && visited.Add(current))
        {
            var handle = (TypeDefinitionHandle)current;
            if (!_getters.TryGetValue((handle, getter), out MethodDefinitionHandle method))
            {
                method = FindGetter(reader, reader.GetTypeDefinition(handle), getter);
                _getters[(handle, getter)] = method;
            }

            if (!method.IsNil)
            {
                return ConstantStringGetter.Read(_pe, reader, method);
            }

            current = GenericDefinition(reader, reader.GetTypeDefinition(handle).BaseType);
        }

        return null;
    }

    private static MethodDefinitionHandle FindGetter(MetadataReader reader, TypeDefinition type, string getter)
    {
        if (ExplicitImplementation(reader, type, getter) is { IsNil: false } explicitBody)
        {
            return explicitBody;
        }

        foreach (MethodDefinitionHandle handle in type.GetMethods())
        {
            MethodDefinition method = reader.GetMethodDefinition(handle);
            if ((method.Attributes & (MethodAttributes.MemberAccessMask | MethodAttributes.Static)) == MethodAttributes.Public
                && reader.StringComparer.Equals(method.Name, getter)
                && ParameterCount(reader, method) == 0)
            {
                return handle;
            }
        }

        return default;
    }

    private static MethodDefinitionHandle ExplicitImplementation(MetadataReader reader, TypeDefinition type, string getter)
    {
        foreach (MethodImplementationHandle handle in type.GetMethodImplementations())
        {
            MethodImplementation implementation = reader.GetMethodImplementation(handle);
            if (implementation.MethodDeclaration.Kind == HandleKind.MemberReference
                && implementation.MethodBody.Kind == HandleKind.MethodDefinition
                && reader.GetMemberReference((MemberReferenceHandle)implementation.MethodDeclaration) is var declaration
                && reader.StringComparer.Equals(declaration.Name, getter)
                && declaration.Parent.Kind == HandleKind.TypeReference
                && reader.GetTypeReference((TypeReferenceHandle)declaration.Parent) is var owner
                && reader.StringComparer.Equals(owner.Name, "IPluginComponent")
                && reader.StringComparer.Equals(owner.Namespace, ContractNamespace))
            {
                return (MethodDefinitionHandle)implementation.MethodBody;
            }
        }

        return default;
    }

    private static (string Namespace, string Name) BaseName(MetadataReader reader, EntityHandle handle) => handle.Kind == HandleKind.TypeReference
        ? (reader.GetString(reader.GetTypeReference((TypeReferenceHandle)handle).Namespace), reader.GetString(reader.GetTypeReference((TypeReferenceHandle)handle).Name))
        : (string.Empty, string.Empty);

    private static string FullName(MetadataReader reader, TypeDefinition type)
    {
        string name = reader.GetString(type.Name);
        for (int depth = 0; depth < 64 && type.GetDeclaringType() is { IsNil: false } outer; depth++)
        {
            type = reader.GetTypeDefinition(outer);
            name = reader.GetString(type.Name) + "+" + name;
        }

        string ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
