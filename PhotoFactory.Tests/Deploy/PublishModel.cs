using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// The model as the compose publisher sees it: built in publish mode, where the services keep the endpoints the
/// AppHost declares and not the ports their launch profiles give a run here.
/// </summary>
public sealed class PublishModel : IAsyncLifetime
{
    private BuiltModel? _app;

    public DistributedApplicationModel Model { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await AppHostBuilder.BuildModelAsync("AppHost:Operation=publish");
        Model = _app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
