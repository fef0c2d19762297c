using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

public sealed class TcpPostgresProbeTests
{
    private static readonly NpgsqlConnectionStringBuilder Server = new(TestPostgres.AdminConnectionString);

    /// <summary>
    /// The login's own timeout: long enough that the server's answer, not a shared and busy PostgreSQL taking seconds
    /// over a login, is what these tests see.
    /// </summary>
    private static readonly TimeSpan PatientLogin = TimeSpan.FromMinutes(1);

    private static Uri Address => new($"tcp://{Server.Host}:{Server.Port}");

    [Fact]
    public async Task With_its_credentials_the_probe_logs_in_to_the_database_and_is_OK()
    {
        var probe = new TcpPostgresProbe(Address, Options.Create(new ImmichDatabaseProbeOptions
        {
            Timeout = PatientLogin,
            Username = Server.Username!, Password = Server.Password, Database = "postgres",
        }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal((CheckNames.ImmichDatabase, ServiceState.Ok), (result.Name, result.Status));
        Assert.Equal("login", result.Details!["check"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_password_is_an_error_with_the_servers_reason()
    {
        var probe = new TcpPostgresProbe(Address, Options.Create(new ImmichDatabaseProbeOptions
        {
            Timeout = PatientLogin,
            Username = Server.Username!, Password = "not-the-password", Database = "postgres",
        }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("password", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_database_is_an_error()
    {
        var probe = new TcpPostgresProbe(Address, Options.Create(new ImmichDatabaseProbeOptions
        {
            Timeout = PatientLogin,
            Username = Server.Username!, Password = Server.Password, Database = $"pf_missing_{Guid.NewGuid():N}",
        }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("does not exist", result.Message);
    }

    [Fact]
    public async Task Without_credentials_the_PostgreSQL_handshake_alone_shows_a_server_answering()
    {
        var probe = new TcpPostgresProbe(Address, Options.Create(new ImmichDatabaseProbeOptions()));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Ok, result.Status);
        Assert.Equal("handshake", result.Details!["check"]!.GetValue<string>());
    }

    [Fact]
    public async Task Something_else_on_the_port_is_not_taken_for_PostgreSQL()
    {
        // A server that greets first, as SMTP or SSH do, answers the handshake with something other than S or N.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var greeting = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            await client.GetStream().WriteAsync("220 mail.example ESMTP\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        var probe = new TcpPostgresProbe(new Uri($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"), Options.Create(new ImmichDatabaseProbeOptions()));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));
        await greeting;

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("not PostgreSQL", result.Message);
    }

    [Fact]
    public async Task Nothing_listening_is_an_error()
    {
        var probe = new TcpPostgresProbe(new Uri($"tcp://127.0.0.1:{FreePort.Next()}"), Options.Create(new ImmichDatabaseProbeOptions()));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
    }
}
