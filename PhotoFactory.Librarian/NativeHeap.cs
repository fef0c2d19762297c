using System.Runtime.InteropServices;

namespace PhotoFactory.Librarian;

/// <summary>
/// Keeps the C library's heap small. glibc gives each thread that allocates natively (SQLite, OpenSSL's hashing,
/// ICU) an arena of its own, up to eight per core, and rarely hands an arena's pages back; over a long run most
/// worker threads have touched one. Two arenas are plenty for a filer on a small machine and took 13 MB off the
/// service's peak with 100,000 files waiting (docs/performance.md). Elsewhere than glibc it does nothing.
/// </summary>
internal static partial class NativeHeap
{
    private const int ArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>Caps the arenas at <paramref name="arenas"/>; call before the work starts its threads.</summary>
    public static void LimitArenas(int arenas)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = Mallopt(ArenaMax, arenas);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another C library (musl has no arenas to cap).
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
