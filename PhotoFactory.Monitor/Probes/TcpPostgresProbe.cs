using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>immich-db</c>. With the password Immich uses, a real login to its database and <c>SELECT 1</c>: that is
/// what Immich itself needs, so it also catches a full disk refusing connections, a wrong password or a missing
/// database. Without credentials, the first message of the PostgreSQL protocol (SSLRequest), whose one-byte
/// answer only a PostgreSQL server gives: better than an open port, and no failed login in the server's log.
/// Details: <c>{"check":"login"|"handshake","host":"…","port":5432}</c>.
/// </summary>
internal sealed class TcpPostgresProbe(Uri address, IOptions<ImmichDatabaseProbeOptions> options) : IProbe
{
    /// <summary>SSLRequest: length 8, then the code 80877103.</summary>
    private const int SslRequestCode = 80877103;

    public IReadOnlyList<string> Names { get; } = [CheckNames.ImmichDatabase];

    public string Kind => CheckNames.Kinds.Postgres;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var port = address.Port > 0 ? address.Port : 5432;
        var login = !string.IsNullOrEmpty(settings.Password);
        var details = new JsonObject { ["check"] = login ? "login" : "handshake", ["host"] = address.Host, ["port"] = port };
        var watch = Stopwatch.StartNew();
        try
        {
            var message = login
                ? await LoginAsync(address.Host, port, settings, cancellationToken)
                : await HandshakeAsync(address.Host, port, cancellationToken);
            return [new CheckResult(CheckNames.ImmichDatabase, Kind, message is null ? ServiceState.Ok : ServiceState.Error,
                message ?? $"{(login ? "login to " + settings.Database : "PostgreSQL handshake")} in {watch.Elapsed.TotalMilliseconds:0} ms")
            {
                Latency = watch.Elapsed,
                Details = details,
            }];
        }
        catch (Exception ex) when (ex is SocketException or IOException or NpgsqlException && !cancellationToken.IsCancellationRequested)
        {
            return [new CheckResult(CheckNames.ImmichDatabase, Kind, ServiceState.Error, Unreachable.Describe(address.Host, ex, $"{address.Host}:{port}"))
            {
                Latency = watch.Elapsed,
                Details = details,
            }];
        }
    }

    private static async Task<string?> LoginAsync(string host, int port, ImmichDatabaseProbeOptions settings, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = settings.Username,
            Password = settings.Password,
            Database = settings.Database,
            // One real login per check: a pooled connection would only prove an old login still works.
            Pooling = false,
            Timeout = Math.Max(1, (int)Math.Ceiling(settings.Timeout.TotalSeconds)),
            ApplicationName = "photofactory-monitor",
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        return null;
    }

    private static async Task<string?> HandshakeAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken);
        var stream = client.GetStream();
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), SslRequestCode);
        await stream.WriteAsync(request, cancellationToken);
        var answer = new byte[1];
        var read = await stream.ReadAsync(answer, cancellationToken);
        return read == 1 && answer[0] is (byte)'S' or (byte)'N'
            ? null
            : read == 0 ? "closed the connection without answering the PostgreSQL handshake" : $"answered 0x{answer[0]:x2}: not PostgreSQL";
    }
}
