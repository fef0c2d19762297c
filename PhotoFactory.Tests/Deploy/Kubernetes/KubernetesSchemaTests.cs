using System.Text.Json.Nodes;
using PhotoFactory.AppHost.Publishing.Kubernetes;

namespace PhotoFactory.Tests.Deploy.Kubernetes;

/// <summary>
/// The manifests are valid Kubernetes objects by the API's own OpenAPI description (Kubernetes v1.36.0, see
/// <see cref="KubernetesTools"/>), with no field the API does not have, and the folder builds with kubectl's kustomize into objects that are valid too and
/// refer only to Secrets, ConfigMaps and keys it makes. No cluster runs here; this is what can be proved without one.
/// </summary>
public sealed class KubernetesSchemaTests(PublishedKubernetes published) : IClassFixture<PublishedKubernetes>
{
    [Fact]
    public async Task Every_manifest_object_is_valid_by_the_Kubernetes_API_schema()
    {
        var verdicts = await KubernetesTools.ValidateAsync(published.Documents);

        Assert.Equal(published.Documents.Count, verdicts.Count);
        Assert.All(verdicts, verdict => Assert.True(verdict.Errors.Count == 0, $"{verdict.Kind} {verdict.Name}: {string.Join("; ", verdict.Errors)}"));
    }

    [Fact]
    public async Task The_schema_check_rejects_what_the_API_would_reject()
    {
        // The same Syncthing Service with its UDP port written as Docker writes it, and a port given as text.
        var service = published.Documents.Single(document => document["kind"]!.GetValue<string>() == "Service"
            && document["metadata"]!["name"]!.GetValue<string>() == "syncthing-public").DeepClone();
        var udp = service["spec"]!["ports"]!.AsArray().First(port => port!["protocol"]!.GetValue<string>() == "UDP")!;
        udp["protocol"] = "udp";
        udp["port"] = "22000";

        var verdict = Assert.Single(await KubernetesTools.ValidateAsync([service]));

        Assert.Contains(verdict.Errors, error => error.Contains("/protocol", StringComparison.Ordinal));
        Assert.Contains(verdict.Errors, error => error.Contains("/port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_schema_check_rejects_a_misspelt_field_that_a_cluster_would_silently_drop()
    {
        // A hand edit: "replica" for "replicas". The OpenAPI schema allows any extra field; a cluster would run one pod.
        var librarian = published.Documents.Single(document => document["kind"]!.GetValue<string>() == "Deployment"
            && document["metadata"]!["name"]!.GetValue<string>() == "librarian").DeepClone();
        librarian["spec"]!["replica"] = 3;

        var verdict = Assert.Single(await KubernetesTools.ValidateAsync([librarian]));

        Assert.Equal(["unknown to KubernetesClient's models: Property 'replica' not found on type 'k8s.Models.V1DeploymentSpec'."], verdict.Errors);
    }

    [Fact]
    public async Task The_folder_builds_with_kustomize_into_valid_objects_whose_references_all_resolve()
    {
        var folder = FilledCopy(published.Folder);
        try
        {
            var built = YamlAsJson.ParseAll(await KubernetesTools.KustomizeAsync(folder));

            var verdicts = await KubernetesTools.ValidateAsync(built);
            Assert.All(verdicts, verdict => Assert.True(verdict.Errors.Count == 0, $"{verdict.Kind} {verdict.Name}: {string.Join("; ", verdict.Errors)}"));
            Assert.All(built, document => Assert.True(
                document["kind"]!.GetValue<string>() == "Namespace" || document["metadata"]!["namespace"]?.GetValue<string>() == KubernetesManifestGenerator.Namespace,
                $"{document["kind"]} {document["metadata"]!["name"]} is outside the namespace"));

            var secrets = Made(built, "Secret");
            var configMaps = Made(built, "ConfigMap");
            var references = 0;
            foreach (var deployment in built.Where(document => document["kind"]!.GetValue<string>() == "Deployment"))
            {
                var name = deployment["metadata"]!["name"]!.GetValue<string>();
                var pod = deployment["spec"]!["template"]!["spec"]!;
                foreach (var variable in pod["containers"]!.AsArray().SelectMany(container => container!["env"]?.AsArray() ?? []))
                {
                    if (variable!["valueFrom"]?["secretKeyRef"] is { } secret)
                    {
                        AssertKey(secrets, secret, $"{name}'s {variable["name"]}");
                        references++;
                    }

                    if (variable["valueFrom"]?["configMapKeyRef"] is { } setting)
                    {
                        AssertKey(configMaps, setting, $"{name}'s {variable["name"]}");
                        references++;
                    }
                }

                foreach (var volume in pod["volumes"]?.AsArray() ?? [])
                {
                    if (volume!["secret"] is { } secret)
                    {
                        var made = secrets.GetValueOrDefault(secret["secretName"]!.GetValue<string>());
                        Assert.True(made is not null, $"{name} mounts the Secret {secret["secretName"]}, which the kustomization does not make");
                        Assert.All(secret["items"]!.AsArray(), item => Assert.Contains(item!["key"]!.GetValue<string>(), made));
                        references++;
                    }

                    if (volume["configMap"] is { } config)
                    {
                        Assert.True(configMaps.ContainsKey(config["name"]!.GetValue<string>()), $"{name} mounts the ConfigMap {config["name"]}, which the kustomization does not make");
                        references++;
                    }
                }
            }

            Assert.True(references >= 15, $"only {references} references to Secrets and ConfigMaps were found; the test proves little");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_Librarian_replicas_are_one_setting_in_the_kustomization()
    {
        var folder = FilledCopy(published.Folder);
        try
        {
            var kustomization = Path.Combine(folder, KubernetesManifestGenerator.KustomizationFile);
            var text = await File.ReadAllTextAsync(kustomization, TestContext.Current.CancellationToken);
            var setting = $"count: {KubernetesManifestGenerator.LibrarianReplicas}";
            Assert.Equal(1, text.Split(setting).Length - 1);
            await File.WriteAllTextAsync(kustomization, text.Replace(setting, "count: 5", StringComparison.Ordinal), TestContext.Current.CancellationToken);

            var built = YamlAsJson.ParseAll(await KubernetesTools.KustomizeAsync(folder));

            var replicas = built.Where(document => document["kind"]!.GetValue<string>() == "Deployment")
                .ToDictionary(document => document["metadata"]!["name"]!.GetValue<string>(), document => document["spec"]!["replicas"]!.GetValue<long>());
            Assert.Equal(5, replicas["librarian"]);
            Assert.All(replicas.Where(entry => entry.Key != "librarian"), entry => Assert.Equal(1, entry.Value));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_patch_in_the_deploy_guide_puts_every_published_Service_on_the_one_address_it_names()
    {
        const string Patch = """
            patches:
              - target:
                  kind: Service
                  name: ".*-public"
                patch: |-
                  - op: add
                    path: /metadata/annotations/metallb.io~1loadBalancerIPs
                    value: 192.168.1.240
            """;
        var guide = await File.ReadAllTextAsync(Path.Combine(AppHost.AppHostBuilder.RepositoryRoot, "docs", "deploy.md"), TestContext.Current.CancellationToken);
        Assert.Contains(Patch, guide, StringComparison.Ordinal);
        var folder = FilledCopy(published.Folder);
        try
        {
            await File.AppendAllTextAsync(Path.Combine(folder, KubernetesManifestGenerator.KustomizationFile), Patch + "\n", TestContext.Current.CancellationToken);

            var built = YamlAsJson.ParseAll(await KubernetesTools.KustomizeAsync(folder));

            var services = built.Where(document => document["kind"]!.GetValue<string>() == "Service").ToList();
            var pinned = services.Where(service => service["metadata"]!["annotations"]?["metallb.io/loadBalancerIPs"]?.GetValue<string>() == "192.168.1.240")
                .Select(service => service["metadata"]!["name"]!.GetValue<string>())
                .Order(StringComparer.Ordinal);
            Assert.Equal(["dashboard-public", "homepage-public", "immich-server-public", "syncthing-public"], pinned);
            Assert.All(services.Where(service => service["spec"]!["type"]!.GetValue<string>() == "LoadBalancer"),
                service => Assert.Equal("photofactory", service["metadata"]!["annotations"]!["metallb.io/allow-shared-ip"]!.GetValue<string>()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertKey(Dictionary<string, HashSet<string>> made, JsonNode reference, string user)
    {
        var name = reference["name"]!.GetValue<string>();
        var key = reference["key"]!.GetValue<string>();
        Assert.True(made.TryGetValue(name, out var keys), $"{user} refers to {name}, which the kustomization does not make");
        Assert.True(keys.Contains(key), $"{user} refers to the key {key} of {name}, which it does not have");
    }

    /// <summary>The Secrets or ConfigMaps the build made, by name, with their keys.</summary>
    private static Dictionary<string, HashSet<string>> Made(IEnumerable<JsonNode> built, string kind) =>
        built.Where(document => document["kind"]!.GetValue<string>() == kind)
            .ToDictionary(
                document => document["metadata"]!["name"]!.GetValue<string>(),
                document => (document["data"]?.AsObject().Select(entry => entry.Key) ?? []).ToHashSet(StringComparer.Ordinal));

    /// <summary>A copy of the folder with what a user fills in before the first apply: the settings and one file per secret.</summary>
    internal static string FilledCopy(string source)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pf-kustomize-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var settings = File.ReadAllLines(Path.Combine(folder, KubernetesManifestGenerator.SettingsExampleFile))
            .Where(line => line.EndsWith('=') && !line.StartsWith('#'))
            .Select(line => $"{line}example-{line.TrimEnd('=').ToLowerInvariant()}");
        File.WriteAllLines(Path.Combine(folder, KubernetesManifestGenerator.SettingsFile), settings);

        var kustomization = YamlAsJson.Parse(File.ReadAllText(Path.Combine(folder, KubernetesManifestGenerator.KustomizationFile)));
        var secretsFolder = Directory.CreateDirectory(Path.Combine(folder, KubernetesManifestGenerator.SecretsFolder)).FullName;
        foreach (var entry in kustomization["secretGenerator"]!.AsArray().SelectMany(generator => generator!["files"]!.AsArray()))
        {
            var path = entry!.GetValue<string>().Split('=', 2)[1];
            File.WriteAllText(Path.Combine(folder, path), $"secret-{Path.GetFileName(path)}");
        }

        Assert.NotEmpty(Directory.GetFiles(secretsFolder));
        return folder;
    }
}
