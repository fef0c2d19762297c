using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using PhotoFactory.AppHost.Publishing;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// The deployment files as the AppHost publishes them now: its compose publisher run in-process, exactly as the
/// refresh command runs it, into a temporary folder.
/// </summary>
public sealed class PublishedCompose : IAsyncLifetime
{
    public static string CommittedFolder { get; } = Path.Combine(AppHostBuilder.RepositoryRoot, ComposeFileGenerator.DeployFolder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"pf-compose-test-{Guid.NewGuid():N}");

    public string ComposeText { get; private set; } = "";

    public string EnvExampleText { get; private set; } = "";

    /// <summary>The generated compose file as JSON, the form its schema speaks.</summary>
    public JsonObject Compose { get; private set; } = null!;

    public JsonObject Services => Compose["services"]!.AsObject();

    public JsonObject Service(string name) =>
        Services[name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"The compose file has no service {name}");

    /// <summary>The variables .env.example defines, with their example values.</summary>
    public IReadOnlyDictionary<string, string> EnvExample { get; private set; } = new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PhotoFactory_AppHost>(
            ["--publisher", ComposePublishing.Publisher, "--output-path", Folder], TestContext.Current.CancellationToken);
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        await app.RunAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        ComposeText = await File.ReadAllTextAsync(Path.Combine(Folder, ComposePublishing.ComposeFileName), TestContext.Current.CancellationToken);
        EnvExampleText = await File.ReadAllTextAsync(Path.Combine(Folder, ComposePublishing.EnvExampleFileName), TestContext.Current.CancellationToken);
        Compose = YamlAsJson.Parse(ComposeText).AsObject();
        EnvExample = EnvFile.Parse(EnvExampleText);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
