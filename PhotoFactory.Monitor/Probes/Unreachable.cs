using System.Net.Sockets;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// Why a target did not answer, in the user's words. On a compose network a service that was never started (or was
/// removed) has no name at all, so a name that does not resolve means "not running", not a network fault.
/// </summary>
internal static class Unreachable
{
    public static string Describe(string host, Exception exception, string prefix)
    {
        var reason = exception.GetBaseException();
        return reason is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }
            ? $"not running: nothing named {host} answers on this network ({reason.Message})"
            : $"{prefix}: {reason.Message}";
    }
}
