using System.Runtime.InteropServices;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// The C library's <c>stat</c>/<c>fstat</c>, read only for the device and inode numbers: .NET exposes neither, and they are
/// what tells that two names (a hard link, a symlink, a path through a linked folder) are one file.
/// </summary>
/// <remarks>
/// The buffer is larger than any platform's <c>struct stat</c>. On 64-bit Linux (glibc and musl, x64 and arm64)
/// <c>st_dev</c> and <c>st_ino</c> are the first two 8-byte fields; on macOS <c>st_dev</c> is 4 bytes at 0 and the 64-bit
/// <c>st_ino</c> is at 8. Elsewhere (32-bit Linux, other Unixes) nothing is read and callers fall back to full paths.
/// </remarks>
internal static partial class UnixFileStatus
{
    private const string LibC = "libc";

    /// <summary>Whether this platform's layout is known.</summary>
    public static bool Supported { get; } = !OperatingSystem.IsWindows() && Environment.Is64BitProcess && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS());

    /// <summary>The (device, inode) of the file a path names, following links; null when it does not exist or cannot be read.</summary>
    public static (ulong Device, ulong Inode)? OfPath(string path)
    {
        if (!Supported)
        {
            return null;
        }

        try
        {
            StatBuffer buffer;
            int rc = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.X64 ? StatInode64(path, out buffer) : Stat(path, out buffer);
            return rc == 0 ? Identity(buffer) : null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The (device, inode) of an open file; null when it cannot be read.</summary>
    public static (ulong Device, ulong Inode)? OfHandle(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        if (!Supported)
        {
            return null;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            StatBuffer buffer;
            int rc = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.X64 ? FStatInode64(fd, out buffer) : FStat(fd, out buffer);
            return rc == 0 ? Identity(buffer) : null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static (ulong, ulong) Identity(in StatBuffer buffer) =>
        OperatingSystem.IsMacOS() ? (buffer.Word0 & 0xFFFF_FFFF, buffer.Word1) : (buffer.Word0, buffer.Word1);

    [LibraryImport(LibC, EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, out StatBuffer buffer);

    [LibraryImport(LibC, EntryPoint = "stat$INODE64", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatInode64(string path, out StatBuffer buffer);

    [LibraryImport(LibC, EntryPoint = "fstat")]
    private static partial int FStat(int fd, out StatBuffer buffer);

    [LibraryImport(LibC, EntryPoint = "fstat$INODE64")]
    private static partial int FStatInode64(int fd, out StatBuffer buffer);

    // Only the first two words are read; the size covers every struct stat with room to spare.
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct StatBuffer
    {
        public ulong Word0;
        public ulong Word1;
    }
}
