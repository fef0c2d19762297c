using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace PhotoFactory.Tests.AppHost;

/// <summary>
/// The manifest as the AppHost publishes it now, written beside the committed one (bind mounts and project paths
/// are relative to the manifest's folder, so it must be the same folder) under a temporary name, then removed.
/// </summary>
public sealed class PublishedManifest : IAsyncLifetime
{
    public const string RefreshCommand =
        "dotnet run --project PhotoFactory.AppHost -- --publisher manifest --output-path ../aspire-manifest.json";

    public static string CommittedPath { get; } = Path.Combine(AppHostBuilder.RepositoryRoot, "aspire-manifest.json");

    public string Text { get; private set; } = "";

    public JsonElement Resources => JsonDocument.Parse(Text).RootElement.GetProperty("resources");

    public async ValueTask InitializeAsync()
    {
        var path = Path.Combine(AppHostBuilder.RepositoryRoot, $".aspire-manifest.test-{Guid.NewGuid():N}.json");
        try
        {
            // Only the publisher's own arguments, as in the refresh command: the manifest must not depend on
            // anything else this machine has (a container runtime or not, its folders, its ports).
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PhotoFactory_AppHost>(
                ["--publisher", "manifest", "--output-path", path], TestContext.Current.CancellationToken);
            await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
            await app.RunAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
            Text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
