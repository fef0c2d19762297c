using System.Text.Json;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// aspire-manifest.json stays usable by manifest tools such as Aspirate 9.1, which skip every resource type they
/// do not know and publish every binding at its port, or its target port when it has none.
/// </summary>
public sealed class AspirateCompatibilityTests(PublishedManifest published) : IClassFixture<PublishedManifest>
{
    private static readonly HashSet<string> AspirateTypes =
        ["container.v0", "container.v1", "project.v0", "project.v1", "value.v0", "parameter.v0"];

    private static JsonElement Committed => JsonDocument.Parse(File.ReadAllText(PublishedManifest.CommittedPath)).RootElement.GetProperty("resources");

    [Fact]
    public void Manifest_holds_only_resource_types_aspirate_understands()
    {
        foreach (var resources in new[] { Committed, published.Resources })
        {
            foreach (var resource in resources.EnumerateObject())
            {
                var type = resource.Value.GetProperty("type").GetString()!;
                Assert.True(AspirateTypes.Contains(type), $"{resource.Name} is a {type}, which Aspirate skips");
            }
        }
    }

    [Fact]
    public void No_service_reads_a_value_aspirate_cannot_resolve()
    {
        var resources = published.Resources;
        var names = resources.EnumerateObject().Select(resource => resource.Name).ToHashSet();
        foreach (var resource in resources.EnumerateObject().Where(resource => resource.Value.TryGetProperty("env", out _)))
        {
            foreach (var variable in resource.Value.GetProperty("env").EnumerateObject())
            {
                foreach (var reference in System.Text.RegularExpressions.Regex.Matches(variable.Value.GetString()!, @"\{([a-z0-9-]+)\.").Select(match => match.Groups[1].Value))
                {
                    Assert.Contains(reference, names);
                    Assert.Contains(resources.GetProperty(reference).GetProperty("type").GetString()!, AspirateTypes);
                }
            }
        }

        Assert.DoesNotContain("annotated.string", File.ReadAllText(PublishedManifest.CommittedPath));
        Assert.DoesNotContain("uri-encoded", File.ReadAllText(PublishedManifest.CommittedPath));
    }

    [Fact]
    public void Container_host_ports_are_distinct_as_aspirate_publishes_them()
    {
        // Aspirate renumbers project ports from 10000, so only containers can clash.
        var bindings = published.Resources.EnumerateObject()
            .Where(resource => resource.Value.GetProperty("type").GetString()!.StartsWith("container.", StringComparison.Ordinal))
            .SelectMany(resource => resource.Value.TryGetProperty("bindings", out var declared) ? declared.EnumerateObject().Select(binding => (resource.Name, Binding: binding.Value)) : [])
            .Select(binding => (
                binding.Name,
                Port: binding.Binding.TryGetProperty("port", out var port) ? port.GetInt32() : binding.Binding.GetProperty("targetPort").GetInt32(),
                Protocol: binding.Binding.GetProperty("protocol").GetString()))
            .ToList();

        var clashes = bindings.GroupBy(binding => (binding.Port, binding.Protocol)).Where(group => group.Count() > 1).ToList();
        Assert.True(clashes.Count == 0, string.Join("; ", clashes.Select(group => $"{group.Key.Port}/{group.Key.Protocol}: {string.Join(", ", group.Select(binding => binding.Name))}")));
        Assert.Contains(bindings, binding => binding is { Name: "factory-db", Port: 5433 });
        Assert.Contains(bindings, binding => binding is { Name: "immich-db", Port: 5434 });
    }
}
