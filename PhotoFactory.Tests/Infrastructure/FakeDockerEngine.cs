using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// The part of the Docker Engine API the Monitor reads (<c>/_ping</c>, <c>/containers/json</c>,
/// <c>/containers/{id}/json</c>, with or without a <c>/v1.xx</c> prefix), served by Kestrel on a Unix socket like
/// the real daemon's, so that Docker.DotNet talks to it over the same transport. There is no daemon here.
/// </summary>
public sealed class FakeDockerEngine : IAsyncDisposable
{
    private static readonly JsonSerializerOptions DockerJson = new() { PropertyNamingPolicy = null };

    private readonly WebApplication _app;
    private readonly TempDirectory _directory;
    private readonly Lock _lock = new();
    private readonly List<FakeContainer> _containers;

    private FakeDockerEngine(WebApplication app, TempDirectory directory, string socketPath, IEnumerable<FakeContainer> containers)
    {
        _app = app;
        _directory = directory;
        SocketPath = socketPath;
        _containers = [.. containers];
    }

    public string SocketPath { get; }

    public Uri Endpoint => new($"unix://{SocketPath}");

    /// <summary>Replaces a container's state, as the daemon would after a crash or a restart.</summary>
    public void Set(FakeContainer container)
    {
        lock (_lock)
        {
            _containers.RemoveAll(c => c.Id == container.Id);
            _containers.Add(container);
        }
    }

    public static async Task<FakeDockerEngine> StartAsync(params FakeContainer[] containers)
    {
        var directory = new TempDirectory("docker");
        var socketPath = directory.Combine("docker.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        var engine = new FakeDockerEngine(app, directory, socketPath, containers);
        app.Use((context, next) =>
        {
            // Docker.DotNet may prefix every path with the API version it negotiated.
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/v1.", StringComparison.Ordinal) && path.IndexOf('/', 1) is > 0 and var slash)
            {
                context.Request.Path = path[slash..];
            }

            return next(context);
        });
        app.MapGet("/_ping", () => Results.Text("OK"));
        app.MapGet("/containers/json", (HttpRequest request) =>
        {
            var all = request.Query["all"] is var values && values.Any(v => v is "1" or "true" or "True");
            return Results.Json(engine.Snapshot().Where(c => all || c.State == "running").Select(c => new
            {
                Id = c.Id,
                Names = new[] { "/" + c.Name },
                Image = c.Image,
                State = c.State,
                Status = c.State,
                Labels = c.Labels,
            }), DockerJson);
        });
        app.MapGet("/containers/{id}/json", (string id) =>
            engine.Snapshot().FirstOrDefault(c => c.Id == id || c.Name == id) is { } c
                ? Results.Json(new
                {
                    Id = c.Id,
                    Name = "/" + c.Name,
                    RestartCount = c.RestartCount,
                    Config = new { Image = c.Image, Labels = c.Labels },
                    State = new
                    {
                        Status = c.State,
                        Running = c.State == "running",
                        Restarting = c.State == "restarting",
                        ExitCode = c.ExitCode,
                        StartedAt = c.StartedAt.ToString("O"),
                        FinishedAt = c.State is "exited" or "dead" ? DateTime.UtcNow.ToString("O") : "0001-01-01T00:00:00Z",
                        Health = c.Health is null ? null : new { Status = c.Health, FailingStreak = 0 },
                    },
                }, DockerJson)
                : Results.Json(new { message = $"No such container: {id}" }, DockerJson, statusCode: 404));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return engine;
    }

    private List<FakeContainer> Snapshot()
    {
        lock (_lock)
        {
            return [.. _containers];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>A container as the fake engine reports it.</summary>
public sealed record FakeContainer(string Id, string Name, string State)
{
    public string Image { get; init; } = "example/image:1";
    public string? Health { get; init; }
    public int RestartCount { get; init; }
    public long ExitCode { get; init; }
    public DateTime StartedAt { get; init; } = new(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);
    public Dictionary<string, string> Labels { get; init; } = [];
}
