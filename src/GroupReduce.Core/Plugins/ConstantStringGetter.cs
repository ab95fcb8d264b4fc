using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace GroupReduce.Core.Plugins;

/// <summary>
/// Reads the string a property getter returns when its body does nothing but return a constant, from the IL
/// bytes, without running it. That is what C# emits for <c>public string Name =&gt; "int8";</c> (in Release and
/// Debug) and for <c>get { return "int8"; }</c> (Release; Debug adds a local and a branch, accepted too).
/// Anything else — a computed name, a field, an auto-property with an initializer — is not a constant here.
/// </summary>
internal static class ConstantStringGetter
{
    private const byte Nop = 0x00;
    private const byte Ldloc0 = 0x06;
    private const byte Stloc0 = 0x0A;
    private const byte LdlocS = 0x11;
    private const byte StlocS = 0x13;
    private const byte BrS = 0x2B;
    private const byte Br = 0x38;
    private const byte Ret = 0x2A;
    private const byte Ldstr = 0x72;
    private const int UserStringTable = 0x70;

    /// <summary>The constant the method returns, or <see langword="null"/> when its body is anything else.</summary>
    /// <param name="pe">The image (for the method body).</param>
    /// <param name="reader">Its metadata (for the string).</param>
    /// <param name="method">The getter.</param>
    public static string? Read(PEReader pe, MetadataReader reader, MethodDefinitionHandle method)
    {
        int rva = reader.GetMethodDefinition(method).RelativeVirtualAddress;
        if (rva == 0)
        {
            return null;
        }

        ReadOnlySpan<byte> il = pe.GetMethodBody(rva).GetILContent().AsSpan();
        int at = SkipNops(il, 0);
        if (at + 5 > il.Length || il[at] != Ldstr)
        {
            return null;
        }

        int token = BinaryPrimitives.ReadInt32LittleEndian(il[(at + 1)..]);
        at = SkipNops(il, at + 5);
        if (!EndsWithReturn(il, at) || token >>> 24 != UserStringTable)
        {
            return null;
        }

        return reader.GetUserString(MetadataTokens.UserStringHandle(token & 0xFFFFFF));
    }

    // After the ldstr: "ret", or Debug's "stloc.0; br <next>; ldloc.0; ret".
    private static bool EndsWithReturn(ReadOnlySpan<byte> il, int at)
    {
        if (at < il.Length && il[at] == Ret)
        {
            return at + 1 == il.Length;
        }

        if (il[at..] is [Stloc0, ..])
        {
            at++;
        }
        else if (il[at..] is [StlocS, 0, ..])
        {
            at += 2;
        }
        else
        {
            return false;
        }

        at = SkipNops(il, at);
        if (il[at..] is [BrS, 0, ..])
        {
            at += 2;
        }
        else if (il[at..] is [Br, 0, 0, 0, 0, ..])
        {
            at += 5;
        }

        at = SkipNops(il, at);
        if (il[at..] is [Ldloc0, ..])
        {
            at++;
        }
        else if (il[at..] is [LdlocS, 0, ..])
        {
            at += 2;
        }
        else
        {
            return false;
        }

        return il[at..] is [Ret];
    }

    private static int SkipNops(ReadOnlySpan<byte> il, int at)
    {
        while (at < il.Length && il[at] == Nop)
        {
            at++;
        }

        return at;
    }
}
