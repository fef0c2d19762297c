using System.Net;
using System.Net.Sockets;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// What a neighbour would find on this machine: a TCP connect scan of every port of 127.0.0.1, and which of the
/// listeners belong to the container engine (its <c>docker-proxy</c> processes, one per published port, as
/// <c>ss</c> names them), so that the factory's ports are told apart from this machine's own (its PostgreSQL).
/// </summary>
internal static class LoopbackScan
{
    /// <summary>Every TCP port of 127.0.0.1 that accepts a connection.</summary>
    public static async Task<IReadOnlySet<int>> OpenTcpPortsAsync()
    {
        var open = new System.Collections.Concurrent.ConcurrentBag<int>();
        await Parallel.ForAsync(1, 65536, new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = TestContext.Current.CancellationToken },
            async (port, cancellation) =>
            {
                using var client = new TcpClient();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                    open.Add(port);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
                {
                    // Refused (nothing listens) or no answer in time: closed to a neighbour either way.
                }
            });
        return open.ToHashSet();
    }

    /// <summary>The ports the container engine listens on, by protocol ("tcp", "udp"), from <c>ss</c>.</summary>
    public static async Task<IReadOnlySet<(string Protocol, int Port)>> EngineListenersAsync()
    {
        var listeners = new HashSet<(string, int)>();
        foreach (var (protocol, flag) in new[] { ("tcp", "-t"), ("udp", "-u") })
        {
            var output = await Deploy.Host.RunAsync("ss", ["-H", "-l", "-n", "-p", flag]);
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains("\"docker-proxy\"", StringComparison.Ordinal)))
            {
                var local = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
                listeners.Add((protocol, int.Parse(local[(local.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return listeners;
    }
}
