using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using k8s;
using k8s.Models;
using PhotoFactory.AppHost.Publishing.Kubernetes;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy.Kubernetes;

/// <summary>
/// The Kubernetes manifests as the AppHost publishes them now: its Kubernetes publisher run in-process, exactly as the
/// refresh command runs it, into a temporary folder; read back as typed objects and as the JSON the API receives.
/// </summary>
public sealed class PublishedKubernetes : IAsyncLifetime
{
    public static string CommittedFolder { get; } = Path.Combine(AppHostBuilder.RepositoryRoot, KubernetesPublishing.DeployFolder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"pf-kubernetes-test-{Guid.NewGuid():N}");

    /// <summary>Every object of every manifest, as the YAML reads.</summary>
    public IReadOnlyList<JsonNode> Documents { get; private set; } = [];

    /// <summary>The same objects, typed.</summary>
    public IReadOnlyList<object> Objects { get; private set; } = [];

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public IEnumerable<V1Service> Services => Objects.OfType<V1Service>();

    public IEnumerable<V1PersistentVolumeClaim> Claims => Objects.OfType<V1PersistentVolumeClaim>();

    public V1Deployment Deployment(string name) =>
        Deployments.SingleOrDefault(deployment => deployment.Metadata.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"The manifests have no Deployment {name}");

    public static V1Container Container(V1Deployment deployment) => Assert.Single(deployment.Spec.Template.Spec.Containers);

    public string Kustomization { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PhotoFactory_AppHost>(
            ["--publisher", KubernetesPublishing.Publisher, "--output-path", Folder], TestContext.Current.CancellationToken);
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        await app.RunAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        var documents = new List<JsonNode>();
        var objects = new List<object>();
        foreach (var file in Manifests(Folder))
        {
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            documents.AddRange(YamlAsJson.ParseAll(text));
            objects.AddRange(KubernetesYaml.LoadAllFromString(text));
        }

        Documents = documents;
        Objects = objects;
        Kustomization = await File.ReadAllTextAsync(Path.Combine(Folder, KubernetesManifestGenerator.KustomizationFile), TestContext.Current.CancellationToken);
    }

    /// <summary>The manifest files of a folder: every YAML file at its top but the kustomization.</summary>
    public static IEnumerable<string> Manifests(string folder) =>
        Directory.EnumerateFiles(folder, "*.yaml")
            .Where(file => Path.GetFileName(file) != KubernetesManifestGenerator.KustomizationFile)
            .Order(StringComparer.Ordinal);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
