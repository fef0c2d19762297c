using System.Text.Json;
using PhotoFactory.AppHost;

namespace PhotoFactory.Tests.AppHost;

/// <summary>The committed aspire-manifest.json, from which deployments are generated.</summary>
public sealed class ManifestTests(PublishedManifest published) : IClassFixture<PublishedManifest>
{
    [Fact]
    public void Committed_manifest_is_what_the_apphost_publishes()
    {
        Assert.True(File.Exists(PublishedManifest.CommittedPath), $"aspire-manifest.json is missing; create it with: {PublishedManifest.RefreshCommand}");
        var committed = File.ReadAllText(PublishedManifest.CommittedPath).ReplaceLineEndings("\n").TrimEnd();
        var current = published.Text.ReplaceLineEndings("\n").TrimEnd();

        Assert.True(
            committed == current,
            $"aspire-manifest.json is out of date with the AppHost; refresh it with: {PublishedManifest.RefreshCommand}\n" +
            FirstDifference(committed, current));
    }

    [Fact]
    public void Manifest_names_no_absolute_host_path()
    {
        var committed = JsonDocument.Parse(File.ReadAllText(PublishedManifest.CommittedPath)).RootElement;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        foreach (var (location, value) in Strings(committed, "$"))
        {
            // A mount's target, a container's entrypoint and its arguments are paths inside the container, not on the host.
            if (location.EndsWith(".target", StringComparison.Ordinal) || location.EndsWith(".entrypoint", StringComparison.Ordinal)
                || location.Contains(".args[", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.False(Path.IsPathRooted(value), $"{location} is an absolute path: {value}");
            Assert.DoesNotContain(AppHostBuilder.RepositoryRoot, value);
            Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), value);
            if (home.Length > 1)
            {
                Assert.DoesNotContain(home, value);
            }
        }
    }

    [Fact]
    public void Manifest_bind_mounts_stay_inside_the_repository()
    {
        var sources = published.Resources.EnumerateObject()
            .Where(resource => resource.Value.TryGetProperty("bindMounts", out _))
            .SelectMany(resource => resource.Value.GetProperty("bindMounts").EnumerateArray()
                .Select(mount => (resource.Name, Source: mount.GetProperty("source").GetString()!)))
            .ToList();

        Assert.Contains(("syncthing", ".data/Photos_Inbox"), sources);
        Assert.Contains(("immich-server", ".data/Storage/Originals"), sources);
        Assert.Contains(("homepage", "PhotoFactory.AppHost/homepage"), sources);
        Assert.All(sources, mount => Assert.False(mount.Source.StartsWith("..", StringComparison.Ordinal), $"{mount.Name}: {mount.Source}"));
    }

    [Fact]
    public void Manifest_describes_every_container_service_wherever_it_is_published()
    {
        // Published here, where no container runtime answers: publishing never leaves the containers out.
        foreach (var name in ContainerSupport.Services)
        {
            Assert.Equal("container.v0", published.Resources.GetProperty(name).GetProperty("type").GetString());
        }
    }

    [Fact]
    public void Manifest_volumes_have_stable_names()
    {
        var volumes = published.Resources.EnumerateObject()
            .Where(resource => resource.Value.TryGetProperty("volumes", out _))
            .SelectMany(resource => resource.Value.GetProperty("volumes").EnumerateArray())
            .Select(volume => volume.TryGetProperty("name", out var name) ? name.GetString() : null)
            .ToList();

        Assert.Equal(
            ["photofactory-db-data", "photofactory-immich-db-data", "photofactory-immich-model-cache", "photofactory-immich-upload"],
            volumes.Order());
    }

    [Fact]
    public void Manifest_keeps_syncthing_udp_ports_udp()
    {
        var bindings = published.Resources.GetProperty("syncthing").GetProperty("bindings");

        Assert.Equal("udp", bindings.GetProperty("sync-udp").GetProperty("protocol").GetString());
        Assert.Equal("udp", bindings.GetProperty("discovery").GetProperty("protocol").GetString());
        Assert.Equal("tcp", bindings.GetProperty("sync-tcp").GetProperty("protocol").GetString());
    }

    private static IEnumerable<(string Location, string Value)> Strings(JsonElement element, string location) =>
        element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value, $"{location}.{property.Name}")),
            JsonValueKind.Array => element.EnumerateArray().SelectMany((item, index) => Strings(item, $"{location}[{index}]")),
            JsonValueKind.String => [(location, element.GetString()!)],
            _ => [],
        };

    private static string FirstDifference(string committed, string current)
    {
        var committedLines = committed.Split('\n');
        var currentLines = current.Split('\n');
        for (var i = 0; i < Math.Max(committedLines.Length, currentLines.Length); i++)
        {
            var left = i < committedLines.Length ? committedLines[i] : "(end of file)";
            var right = i < currentLines.Length ? currentLines[i] : "(end of file)";
            if (left != right)
            {
                return $"First difference at line {i + 1}:\n  committed: {left.Trim()}\n  published: {right.Trim()}";
            }
        }

        return "";
    }
}
