using System.Reflection;

namespace GroupReduce.Abstractions.Tests;

/// <summary>
/// The SDK package must stay dependency-free: a type from another package in its surface would make every
/// plugin and the host agree on that package's version, which is what the separate load contexts avoid.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Sdk = typeof(PluginContract).Assembly;

    // "The BCL" is what the shared framework (Microsoft.NETCore.App) holds: the folder of System.Private.CoreLib.
    private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    [Fact]
    public void Every_referenced_assembly_is_the_framework()
    {
        var foreign = Sdk.GetReferencedAssemblies()
            .Where(name => !IsFramework(Assembly.Load(name)))
            .Select(name => name.FullName)
            .ToList();

        Assert.Empty(foreign);
    }

    [Fact]
    public void Every_type_in_the_public_surface_is_the_framework_or_the_sdk()
    {
        var foreign = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Type type in Sdk.GetExportedTypes())
        {
            foreach (Type used in SurfaceOf(type))
            {
                foreach (Type part in Flatten(used))
                {
                    if (part.Assembly != Sdk && !IsFramework(part.Assembly))
                    {
                        foreign.Add($"{type.FullName} uses {part.FullName} from {part.Assembly.GetName().Name}");
                    }
                }
            }
        }

        Assert.Empty(foreign);
    }

    [Fact]
    public void The_surface_check_sees_the_types_it_should()
    {
        // Guards the check itself: if SurfaceOf missed signatures, the test above would pass vacuously.
        var used = Sdk.GetExportedTypes().SelectMany(SurfaceOf).SelectMany(Flatten).ToHashSet();

        Assert.Contains(typeof(ReadOnlyMemory<>), used);
        Assert.Contains(typeof(CancellationToken), used);
        Assert.Contains(typeof(Solving.IRowMatrix), used);
    }

    [Fact]
    public void The_assembly_version_follows_the_contract_major_while_the_package_version_is_GroupReduces()
    {
        // A plugin built against any 1.x binds to a 1.x host without redirects, whatever GroupReduce's own version is.
        Assert.Equal(new Version(PluginContract.Major, 0, 0, 0), Sdk.GetName().Version);

        // The informational version is GroupReduce's version from git (that of every assembly built from this commit, this
        // test's included) plus the commit, and says nothing of the contract.
        string version = Sdk.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(typeof(PublicSurfaceTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, version);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9a-f]+)?$", version);
    }

    private static bool IsFramework(Assembly assembly) =>
        string.Equals(Path.GetDirectoryName(assembly.Location), FrameworkDirectory, StringComparison.Ordinal);

    private static IEnumerable<Type> SurfaceOf(Type type)
    {
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (Type contract in type.GetInterfaces())
        {
            yield return contract;
        }

        foreach (CustomAttributeData attribute in type.CustomAttributes)
        {
            yield return attribute.AttributeType;
        }

        foreach (MemberInfo member in type.GetMembers(Visible))
        {
            switch (member)
            {
                case FieldInfo field when field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly:
                    yield return field.FieldType;
                    break;
                case PropertyInfo property when property.GetMethod is { } getter && (getter.IsPublic || getter.IsFamily || getter.IsFamilyOrAssembly):
                    yield return property.PropertyType;
                    break;
                case MethodBase method when method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly:
                    if (method is MethodInfo typed)
                    {
                        yield return typed.ReturnType;
                    }

                    foreach (ParameterInfo parameter in method.GetParameters())
                    {
                        yield return parameter.ParameterType;
                    }

                    break;
                case EventInfo @event when @event.EventHandlerType is { } handler:
                    yield return handler;
                    break;
            }
        }
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            foreach (Type inner in Flatten(type.GetElementType()!))
            {
                yield return inner;
            }

            yield break;
        }

        if (type.IsGenericParameter)
        {
            yield break;
        }

        if (type.IsGenericType)
        {
            yield return type.GetGenericTypeDefinition();
            foreach (Type argument in type.GetGenericArguments())
            {
                foreach (Type inner in Flatten(argument))
                {
                    yield return inner;
                }
            }

            yield break;
        }

        yield return type;
    }
}
