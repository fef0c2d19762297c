using System.Globalization;

namespace PhotoFactory.Librarian.Cataloguing;

/// <summary>
/// Identifies this Librarian process in claims (<c>host:pid:start</c>), and tells whether another claimant on this
/// host is gone. The start is the kernel's own start tick of the process (Linux <c>/proc/PID/stat</c>), exact and
/// the same from every process that reads it, so a live Librarian is never mistaken for a dead one, and a reused
/// process id is not mistaken for the original.
/// </summary>
internal static class ClaimOwner
{
    public static string Current { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}:{Environment.ProcessId}:{StartTicksOf(Environment.ProcessId) ?? 0}");

    /// <summary>True only when the owner ran on this host and that process is certainly gone.</summary>
    public static bool IsDeadOnThisHost(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var start)
            || !OperatingSystem.IsLinux())
        {
            // Elsewhere, or unknown: only the lease can tell.
            return false;
        }

        var now = StartTicksOf(pid);
        return now is null || now != start;
    }

    private static long? StartTicksOf(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            // Field 22 of /proc/PID/stat, counted after the command name, which sits in parentheses and may hold spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
