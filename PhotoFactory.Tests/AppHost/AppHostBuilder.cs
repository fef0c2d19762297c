using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PhotoFactory.Tests.AppHost;

/// <summary>Creates the real AppHost (its <c>AppHost.cs</c> runs up to <c>Build()</c>) with the given settings.</summary>
internal static class AppHostBuilder
{
    /// <summary>The AppHost's project directory (the project metadata names the directory or the .csproj).</summary>
    public static string AppHostDirectory { get; } = Path.TrimEndingDirectorySeparator(
        Projects.PhotoFactory_AppHost.ProjectPath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
            ? Path.GetDirectoryName(Projects.PhotoFactory_AppHost.ProjectPath)!
            : Projects.PhotoFactory_AppHost.ProjectPath);

    /// <summary>The repository root: where the AppHost's project sits and the committed manifest lives.</summary>
    public static string RepositoryRoot { get; } = Path.GetDirectoryName(AppHostDirectory)!;

    public static Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.PhotoFactory_AppHost>(
            args,
            (options, _) => options.DisableDashboard = true,
            TestContext.Current.CancellationToken);

    /// <summary>
    /// Builds the model without starting anything. Disposing an application that never started waits the whole
    /// shutdown timeout for an exit that cannot come (30 s by default), so it is made short here.
    /// </summary>
    public static async Task<BuiltModel> BuildModelAsync(params string[] args)
    {
        var builder = await CreateAsync(args);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        return new BuiltModel(await builder.BuildAsync(TestContext.Current.CancellationToken));
    }
}

/// <summary>An AppHost built and never started: its model and services, and a disposal that allows for that.</summary>
internal sealed class BuiltModel(DistributedApplication app) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    public DistributedApplicationModel Model => app.Services.GetRequiredService<DistributedApplicationModel>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await app.DisposeAsync();
        }
        catch (ArgumentNullException ex) when (ex.StackTrace?.Contains("Host.StopAsync", StringComparison.Ordinal) == true)
        {
            // Aspire.Hosting.Testing 13.6.5 stops the host while the AppHost's own entry point may still be starting
            // it; on a loaded machine the stop meets the host half-started and throws (seen once in CI, stop 25).
            // Nothing ran to be stopped: the services are disposed and the model was already read.
            if (app.Services is IAsyncDisposable services)
            {
                await services.DisposeAsync();
            }
        }
    }
}
