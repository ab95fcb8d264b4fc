using System.Runtime.InteropServices;

namespace GroupReduce.Core.Models.Mapping;

/// <summary>
/// Tells whether a path (symbolic links followed) is a regular file, without opening it: opening a FIFO
/// for reading blocks until a writer appears, and a device such as <c>/dev/zero</c> never ends, so every
/// reader of user input asks this first and refuses anything else with its own typed error.
/// </summary>
internal static partial class RegularFile
{
    private const int TypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int TypeDirectory = 0x4000;
    private const int TypeFifo = 0x1000;
    private const int TypeCharacterDevice = 0x2000;
    private const int TypeBlockDevice = 0x6000;
    private const int TypeSocket = 0xC000;

    // Generous room for the runtime's FileStatus record; only its first two fields (flags, mode) are read.
    private const int StatusBytes = 512;

    /// <summary>
    /// Why the path is not a regular file ("a FIFO (named pipe)", "a character device", …), or
    /// <see langword="null"/> when it is one, or does not exist (the caller's open then reports that as usual).
    /// </summary>
    /// <param name="path">The path.</param>
    /// <returns>The kind of file it is, when not regular.</returns>
    public static string? Problem(string path)
    {
        if (Directory.Exists(path))
        {
            return "a folder";
        }

        if (OperatingSystem.IsWindows())
        {
            return File.Exists(path) && (File.GetAttributes(path) & FileAttributes.Device) != 0 ? "a device" : null;
        }

        int? mode = UnixMode(path);
        return (mode & TypeMask) switch
        {
            null or TypeRegular => null,
            TypeDirectory => "a folder",
            TypeFifo => "a FIFO (named pipe)",
            TypeCharacterDevice => "a character device",
            TypeBlockDevice => "a block device",
            TypeSocket => "a socket",
            _ => "not a regular file",
        };
    }

    // The .NET runtime's own native shim (System.Native) exposes stat() with a layout that does not vary
    // by C library or architecture, unlike struct stat; its mode field holds the S_IFMT type bits.
    private static unsafe int? UnixMode(string path)
    {
        byte* status = stackalloc byte[StatusBytes];
        try
        {
            return Stat(path, status) == 0 ? ((int*)status)[1] : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the shim the open itself is the only check left.
            return null;
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Stat(string path, byte* status);
}
