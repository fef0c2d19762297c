using System.Diagnostics;
using PhotoFactory.Tests.Deploy;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// Every image the factory's compose file runs here, in the test engine, made once per test run: the stand-ins for
/// PostgreSQL and Syncthing (<see cref="StandInServiceImages"/>) and the three .NET services, built from their
/// Dockerfiles by <see cref="BuiltImages"/> (the same build the image tests check) and loaded with <c>docker load</c>.
/// </summary>
public sealed class EngineImages : IAsyncDisposable
{
    public static readonly string[] Services = ["librarian", "monitor", "dashboard"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pf-engine-images-{Guid.NewGuid():N}");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _loaded;

    public async Task LoadAsync(BuiltImages built)
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            await DockerEngine.RequireAsync();
            Directory.CreateDirectory(_folder);
            // The .NET builds take the cores, the stand-ins mostly wait on the Debian mirror: side by side.
            var clock = Stopwatch.StartNew();
            var archives = Timed("the .NET services' images built", clock, Task.WhenAll(Services.Select(built.ArchiveAsync)));
            await Timed("the stand-ins for PostgreSQL, Syncthing and the socket proxy built and imported", clock, StandInServiceImages.CreateAsync(_folder));
            foreach (var archive in await archives)
            {
                await DockerEngine.DockerAsync("load", "--quiet", "--input", archive);
            }

            Report($"every image in the engine after {clock.Elapsed.TotalSeconds:0} s");
            _loaded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How long each step took, in the test's output: the image builds are most of the end-to-end tests' time.</summary>
    private static async Task<T> Timed<T>(string step, Stopwatch clock, Task<T> task)
    {
        var result = await task;
        Report($"{step} after {clock.Elapsed.TotalSeconds:0} s");
        return result;
    }

    private static async Task Timed(string step, Stopwatch clock, Task task)
    {
        await task;
        Report($"{step} after {clock.Elapsed.TotalSeconds:0} s");
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine($"[images] {line}");

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(_folder))
        {
            await Host.RunAsync("rm", ["-rf", "--one-file-system", _folder]);
        }

        _gate.Dispose();
    }
}
