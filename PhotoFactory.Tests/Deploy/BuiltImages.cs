using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PhotoFactory.AppHost.Publishing;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// The .NET services' images, built without a Docker daemon exactly as <c>docker compose build</c> would build them
/// from the committed compose file (its build context, Dockerfile and image name), saved as docker-archives and
/// unpacked. The stand-in base images are made once for the whole run; each service is built once, when first asked for.
/// </summary>
public sealed class BuiltImages : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pf-images-{Guid.NewGuid():N}");
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _archives = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<ImageArchive>>> _images = new();
    private Buildah _buildah = null!;

    public async ValueTask InitializeAsync()
    {
        Buildah.RequireTools();
        _buildah = new Buildah(_folder);
        // Every service's Dockerfile starts from the same two images (ImageTests holds them to that).
        var dockerfile = Dockerfile.Read("Librarian");
        await StandInBaseImages.CreateAsync(_buildah, Dockerfile.BaseImage(dockerfile.FinalStage), Dockerfile.BaseImage(dockerfile.Stages[0]));
    }

    /// <summary>The compose service's image, built and unpacked.</summary>
    internal Task<ImageArchive> ImageAsync(string service) => _images.GetOrAdd(service, name => new(() => UnpackAsync(name))).Value;

    /// <summary>The compose service's image, built and saved as a docker-archive (what <c>docker load</c> reads).</summary>
    internal Task<string> ArchiveAsync(string service) => _archives.GetOrAdd(service, name => new(() => BuildAsync(name))).Value;

    /// <summary>The service as the committed compose file declares it.</summary>
    internal static JsonNode ComposeService(string service) =>
        YamlAsJson.Parse(File.ReadAllText(Path.Combine(PublishedCompose.CommittedFolder, ComposePublishing.ComposeFileName)))["services"]![service]
            ?? throw new InvalidOperationException($"The compose file has no service {service}");

    private async Task<ImageArchive> UnpackAsync(string service) =>
        await ImageArchive.UnpackAsync(await ArchiveAsync(service), Path.Combine(_folder, service));

    private async Task<string> BuildAsync(string service)
    {
        var compose = ComposeService(service);
        var build = compose["build"]!;
        var context = Path.GetFullPath(Path.Combine(PublishedCompose.CommittedFolder, build["context"]!.GetValue<string>()));
        var image = compose["image"]!.GetValue<string>();

        await _buildah.RunAsync("build", "--isolation", "chroot", "--pull=never", "--file", Path.Combine(context, build["dockerfile"]!.GetValue<string>()), "--tag", image, context);
        var archive = Path.Combine(_folder, $"{service}.tar");
        await _buildah.RunAsync("push", "--quiet", image, $"docker-archive:{archive}:{image}");
        return archive;
    }

    public async ValueTask DisposeAsync()
    {
        if (_buildah is not null)
        {
            await _buildah.RunAsync("rm", "--all");
            await _buildah.RunAsync("rmi", "--all", "--force");
        }

        if (Directory.Exists(_folder))
        {
            await Host.RunAsync("rm", ["-rf", "--one-file-system", _folder]);
        }
    }
}

/// <summary>
/// The image builds take both cores for minutes; run alone, after the other tests, they leave those tests' timings alone.
/// </summary>
[CollectionDefinition(nameof(ImageBuilds), DisableParallelization = true)]
public sealed class ImageBuilds : ICollectionFixture<BuiltImages>, ICollectionFixture<EndToEnd.EngineImages>;
