using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using PhotoFactory.AppHost;

namespace PhotoFactory.Tests.AppHost;

/// <summary>The system as a whole: every service of the original stack is there, pinned, on its own ports.</summary>
public sealed class TopologyTests(FullModel model) : IClassFixture<FullModel>
{
    /// <summary>Each service of the original docker-compose stack, and the resource that replaces it.</summary>
    public static TheoryData<string, string> OriginalStack => new()
    {
        { "factory-db", "factory-db" },
        { "librarian", "librarian" },
        { "dashboard", "dashboard" },
        { "syncthing", "syncthing" },
        { "service-monitor", "monitor" },
        { "immich-server", "immich-server" },
        { "immich-machine-learning", "immich-machine-learning" },
        { "database", "immich-db" },
        { "redis", "immich-cache" },
        { "homepage", "homepage" },
    };

    [Theory]
    [MemberData(nameof(OriginalStack))]
    public void Every_service_of_the_original_stack_has_a_resource(string original, string resource)
    {
        Assert.True(
            model.Model.Resources.Any(r => r.Name == resource),
            $"The original stack's '{original}' should be the resource '{resource}'.");
    }

    [Fact]
    public void The_container_services_are_exactly_those_named_when_containers_are_left_out()
    {
        var containers = model.Model.Resources.OfType<ContainerResource>().Select(c => c.Name).Order();

        Assert.Equal(ContainerSupport.Services.Order(), containers);
    }

    [Fact]
    public void Building_the_model_creates_no_folders()
    {
        // Folders appear when something starts; publishing a manifest or inspecting the model leaves the disk alone.
        Assert.False(Directory.Exists(model.DataRoot));
    }

    [Fact]
    public void Every_image_is_pinned_to_a_version_tag()
    {
        foreach (var container in model.Model.Resources.OfType<ContainerResource>())
        {
            var annotation = container.Annotations.OfType<ContainerImageAnnotation>().Last();
            Assert.False(string.IsNullOrEmpty(annotation.Tag), $"{container.Name} has no tag");
            Assert.NotEqual("latest", annotation.Tag);
            Assert.Matches(@"\d", annotation.Tag!);
        }
    }

    [Fact]
    public void No_two_endpoints_claim_the_same_host_port()
    {
        var claims = model.Model.Resources
            .SelectMany(resource => resource.Annotations.OfType<EndpointAnnotation>()
                .Where(endpoint => endpoint.Port is not null)
                .Select(endpoint => (Resource: resource.Name, endpoint.Name, Port: endpoint.Port!.Value, endpoint.Protocol)))
            .ToList();

        var clashes = claims.GroupBy(claim => (claim.Port, claim.Protocol)).Where(group => group.Count() > 1).ToList();

        Assert.True(clashes.Count == 0, "Host ports claimed twice: " + string.Join("; ", clashes.Select(group =>
            $"{group.Key.Port}/{group.Key.Protocol}: {string.Join(", ", group.Select(claim => $"{claim.Resource}.{claim.Name}"))}")));
        Assert.DoesNotContain(claims, claim => claim.Port == 5432 && claim.Protocol == ProtocolType.Tcp);
    }

    [Theory]
    [InlineData("factory-db-password")]
    [InlineData("immich-db-password")]
    [InlineData("syncthing-api-key")]
    public void Credentials_are_generated_secret_parameters_of_letters_and_digits(string name)
    {
        var parameter = model.Resource<ParameterResource>(name);

        Assert.True(parameter.Secret);
        var generate = parameter.DefaultInManifest().GetProperty("generate");
        Assert.False(generate.GetProperty("special").GetBoolean());
        Assert.True(generate.GetProperty("minLength").GetInt32() >= 16);
    }
}
