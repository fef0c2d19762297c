using System.Net.Sockets;
using System.Text;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>A real <c>redis-server</c> on a free loopback port, without persistence, stopped on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ProcessRun _process;
    private readonly TempDirectory _directory;

    private RedisServer(ProcessRun process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        var binary = RequiredBinary.Find("redis-server", "redis-server");
        var directory = new TempDirectory("redis");
        var port = FreePort.Next();
        List<string> arguments = ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.Path];
        if (password is not null)
        {
            arguments.AddRange(["--requirepass", password]);
        }

        var server = new RedisServer(ProcessRun.Start(binary, arguments), directory, port);
        try
        {
            await Eventually.HoldsAsync(server.AcceptsConnectionsAsync, $"redis-server answers on port {port}", TimeSpan.FromSeconds(20));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        Assert.False(_process.HasExited, $"redis-server exited: {_process.StandardOutput}{_process.StandardError}");
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("*1\r\n$4\r\nPING\r\n"));
            var buffer = new byte[64];
            return await client.GetStream().ReadAsync(buffer) > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
