using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using GroupReduce.Abstractions;

namespace GroupReduce.Core.Plugins;

/// <summary>
/// Reads what the host needs to know about a candidate dll from its metadata alone — without
/// loading it — so that a plugin built against another contract is refused with a clear message
/// instead of failing later with a TypeLoadException, and so that no plugin's code runs until a spec names it.
/// Malformed images throw (BadImageFormatException and the like); the host turns that into a refusal.
/// </summary>
internal static class PluginMetadataReader
{
    private const string AttributeNamespace = "GroupReduce.Abstractions";
    private const string AttributeName = nameof(GroupReducePluginAttribute);

    /// <summary>What the metadata says about a dll.</summary>
    /// <param name="AssemblyName">The simple name.</param>
    /// <param name="Version">The informational version, else the assembly version.</param>
    /// <param name="Contract">The contract version from the plugin attribute, or null when the dll is not marked as a plugin.</param>
    /// <param name="Components">The factory classes it declares (read only when it is marked as a plugin).</param>
    /// <param name="ComponentsUnreadable">Why its types could not be read, when they could not; then <paramref name="Components"/> is empty.</param>
    internal sealed record Result(string AssemblyName, string Version, (int Major, int Minor)? Contract, IReadOnlyList<DeclaredComponent> Components, string? ComponentsUnreadable);

    /// <summary>Reads the dll's metadata; returns null when the file is not a .NET assembly.</summary>
    public static Result? TryRead(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return null;
        }

        // A file cut short can keep its metadata whole (it comes early in .text) yet fail when the runtime maps it.
        foreach (SectionHeader section in pe.PEHeaders.SectionHeaders)
        {
            long end = (long)section.PointerToRawData + section.SizeOfRawData;
            if (end > stream.Length)
            {
                throw new BadImageFormatException($"the file is truncated: its section {section.Name} ends at byte {end}, but the file has {stream.Length} bytes");
            }
        }

        MetadataReader reader = pe.GetMetadataReader();
        if (!reader.IsAssembly)
        {
            return null;
        }

        AssemblyDefinition assembly = reader.GetAssemblyDefinition();
        string name = reader.GetString(assembly.Name);
        string version = assembly.Version.ToString();
        (int, int)? contract = null;
        foreach (CustomAttributeHandle handle in assembly.GetCustomAttributes())
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            (string ns, string type) = GetAttributeType(reader, attribute);
            if (ns == AttributeNamespace && type == AttributeName)
            {
                BlobReader blob = reader.GetBlobReader(attribute.Value);
                if (blob.Length >= 10 && blob.ReadUInt16() == 1)
                {
                    contract = (blob.ReadInt32(), blob.ReadInt32());
                }
            }
            else if (ns == "System.Reflection" && type == nameof(AssemblyInformationalVersionAttribute))
            {
                BlobReader blob = reader.GetBlobReader(attribute.Value);
                if (blob.ReadUInt16() == 1 && blob.ReadSerializedString() is { Length: > 0 } informational)
                {
                    // The SDK appends "+<commit>"; the report wants the version users asked for.
                    int plus = informational.IndexOf('+', StringComparison.Ordinal);
                    version = plus > 0 ? informational[..plus] : informational;
                }
            }
        }

        if (contract is null)
        {
            return new Result(name, version, contract, [], null);
        }

        try
        {
            return new Result(name, version, contract, FactoryTypeScanner.Scan(pe, reader), null);
        }
        catch (Exception ex)
        {
            // Hostile or damaged type tables and method bodies surface as whatever the metadata reader throws
            // (BadImageFormatException mostly); the assembly's identity was readable, so the refusal can name it.
            return new Result(name, version, contract, [], ex.Message);
        }
    }

    private static (string Namespace, string Name) GetAttributeType(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle parent = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return parent.Kind switch
        {
            HandleKind.TypeReference => (reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Namespace), reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name)),
            HandleKind.TypeDefinition => (reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)parent).Namespace), reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)parent).Name)),
            _ => (string.Empty, string.Empty),
        };
    }
}
