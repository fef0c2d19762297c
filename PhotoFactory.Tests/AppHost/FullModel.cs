using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace PhotoFactory.Tests.AppHost;

/// <summary>
/// The whole system's model, containers included, built but never started (no container runtime needed). The
/// data root is a path that is never created: only a start creates the folders.
/// </summary>
public sealed class FullModel : IAsyncLifetime
{
    private BuiltModel? _app;

    public string DataRoot { get; } = Path.Combine(Path.GetTempPath(), $"pf-apphost-model-{Guid.NewGuid():N}");

    public DistributedApplicationModel Model { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await AppHostBuilder.BuildModelAsync("PhotoFactory:Containers=on", $"PhotoFactory:DataRoot={DataRoot}");
        Model = _app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public T Resource<T>(string name)
        where T : IResource =>
        Assert.IsType<T>(Assert.Single(Model.Resources, resource => resource.Name == name), exactMatch: false);

    public ContainerResource Container(string name) => Resource<ContainerResource>(name);

    public ProjectResource Project(string name) => Resource<ProjectResource>(name);

    /// <summary>The resource's environment as the manifest writes it (see <see cref="ModelInspection"/>).</summary>
    public Task<IReadOnlyDictionary<string, string>> EnvironmentAsync(IResource resource) => resource.EnvironmentAsync(_app!.Services);

    public string UnderDataRoot(string relative) => Path.GetFullPath(relative, DataRoot);
}
