using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// The part of the Docker Engine API the Dashboard reads for a container's log (<c>/containers/json</c>,
/// <c>/containers/{id}/json</c>, <c>/containers/{id}/logs</c> in the multiplexed stdout/stderr framing), served
/// by Kestrel on a Unix socket as the daemon serves it. There is no daemon here.
/// </summary>
public sealed class FakeDockerLogs : IAsyncDisposable
{
    private static readonly JsonSerializerOptions DockerJson = new() { PropertyNamingPolicy = null };

    private readonly WebApplication _app;
    private readonly TempDirectory _directory;

    private FakeDockerLogs(WebApplication app, TempDirectory directory, string socketPath)
    {
        _app = app;
        _directory = directory;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public Uri Endpoint => new($"unix://{SocketPath}");

    /// <summary>Serves one container named <paramref name="name"/> whose log is the given lines, each on stdout or stderr.</summary>
    public static async Task<FakeDockerLogs> StartAsync(string name, params (bool StdErr, string Line)[] log)
    {
        var directory = new TempDirectory("docker-logs");
        var socketPath = directory.Combine("docker.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        const string id = "0123456789ab";
        app.Use((context, next) =>
        {
            // Docker.DotNet prefixes every path with its API version.
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/v1.", StringComparison.Ordinal) && path.IndexOf('/', 1) is > 0 and var slash)
            {
                context.Request.Path = path[slash..];
            }

            return next(context);
        });
        app.MapGet("/containers/json", () => Results.Json(
            new[] { new { Id = id, Names = new[] { "/" + name + "-x1y2" }, State = "running", Labels = new Dictionary<string, string>() } }, DockerJson));
        app.MapGet("/containers/{id}/json", () => Results.Json(new { Id = id, Name = "/" + name, Config = new { Tty = false } }, DockerJson));
        app.MapGet("/containers/{id}/logs", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/vnd.docker.multiplexed-stream";
            foreach (var (stdErr, line) in log)
            {
                var payload = Encoding.UTF8.GetBytes(line + "\n");
                var header = new byte[8];
                header[0] = stdErr ? (byte)2 : (byte)1;
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)payload.Length);
                await context.Response.Body.WriteAsync(header);
                await context.Response.Body.WriteAsync(payload);
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new FakeDockerLogs(app, directory, socketPath);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
