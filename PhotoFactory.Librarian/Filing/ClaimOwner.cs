using System.Diagnostics;
using System.Globalization;

namespace PhotoFactory.Librarian.Filing;

/// <summary>Identifies this Librarian process in claims, and tells whether another claimant still lives.</summary>
internal static class ClaimOwner
{
    public static string Current { get; } = Describe(Environment.MachineName, Environment.ProcessId, Process.GetCurrentProcess().StartTime);

    private static string Describe(string host, int pid, DateTime start) =>
        string.Create(CultureInfo.InvariantCulture, $"{host}:{pid}:{start.ToUniversalTime().Ticks}");

    /// <summary>True when the owner ran on this host and that process is gone (or its pid was reused).</summary>
    public static bool IsDeadOnThisHost(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return Describe(parts[0], pid, process.StartTime) != owner;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
