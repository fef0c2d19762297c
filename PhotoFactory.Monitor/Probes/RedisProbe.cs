using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>immich-cache</c>: a real <c>PING</c> in the Redis protocol (RESP) on a plain socket, answered <c>+PONG</c>.
/// A server still loading its data set answers <c>-LOADING</c>: a WARNING. Details: <c>{"host":"…","port":6379,"reply":"+PONG"}</c>.
/// </summary>
internal sealed class RedisProbe(Uri address, IOptions<CacheProbeOptions> options) : IProbe
{
    public IReadOnlyList<string> Names { get; } = [CheckNames.ImmichCache];

    public string Kind => CheckNames.Kinds.Redis;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var port = address.Port > 0 ? address.Port : 6379;
        var details = new JsonObject { ["host"] = address.Host, ["port"] = port };
        var watch = Stopwatch.StartNew();
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(address.Host, port, cancellationToken);
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            if (options.Value.Password is { Length: > 0 } password)
            {
                await stream.WriteAsync(Command("AUTH", password), cancellationToken);
                var auth = await reader.ReadLineAsync(cancellationToken);
                if (auth != "+OK")
                {
                    return [Result(ServiceState.Error, $"AUTH refused: {auth ?? "connection closed"}")];
                }
            }

            await stream.WriteAsync(Command("PING"), cancellationToken);
            var reply = await reader.ReadLineAsync(cancellationToken);
            var latency = watch.Elapsed;
            details["reply"] = reply;
            return reply switch
            {
                "+PONG" => [Result(ServiceState.Ok, $"PONG in {latency.TotalMilliseconds:0} ms", latency)],
                null => [Result(ServiceState.Error, "closed the connection without answering PING", latency)],
                _ when reply.StartsWith("-LOADING", StringComparison.Ordinal) => [Result(ServiceState.Warning, $"loading its data: {reply[1..]}", latency)],
                _ => [Result(ServiceState.Error, $"PING answered {reply}", latency)],
            };
        }
        catch (Exception ex) when (ex is SocketException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return [Result(ServiceState.Error, Unreachable.Describe(address.Host, ex, $"{address.Host}:{port}"))];
        }

        CheckResult Result(ServiceState status, string message, TimeSpan? latency = null) =>
            new(CheckNames.ImmichCache, Kind, status, message) { Latency = latency ?? watch.Elapsed, Details = details };
    }

    /// <summary>A command as a RESP array of bulk strings.</summary>
    private static byte[] Command(params string[] parts)
    {
        var text = new StringBuilder($"*{parts.Length}\r\n");
        foreach (var part in parts)
        {
            text.Append($"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
