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
            var archives = Task.WhenAll(Services.Select(built.ArchiveAsync));
            await StandInServiceImages.CreateAsync(_folder);
            foreach (var archive in await archives)
            {
                await DockerEngine.DockerAsync("load", "--quiet", "--input", archive);
            }

            _loaded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(_folder))
        {
            await Host.RunAsync("rm", ["-rf", "--one-file-system", _folder]);
        }

        _gate.Dispose();
    }
}
