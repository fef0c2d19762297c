using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using PhotoFactory.AppHost.Publishing.Kubernetes;

namespace PhotoFactory.Tests.Deploy.Kubernetes;

/// <summary>
/// The Kubernetes deployment runs what the compose file runs, as a user relies on it: the same services reachable
/// at the same ports (Syncthing's over UDP too) and nothing else, the photos on one shared claim, the databases'
/// data on claims, secrets only by reference, a GPU for Immich, and the services held as tightly as in compose.
/// </summary>
public sealed partial class KubernetesManifestTests(PublishedKubernetes published) : IClassFixture<PublishedKubernetes>
{
    private static readonly JsonObject Compose = YamlAsJson.Parse(File.ReadAllText(
        Path.Combine(AppHost.AppHostBuilder.RepositoryRoot, "deploy", "docker-compose.yml")))["services"]!.AsObject();

    [Fact]
    public void Every_service_of_the_compose_file_runs_but_the_Docker_socket_proxy()
    {
        var expected = Compose.Select(service => service.Key).Where(name => name != "docker-proxy").Order(StringComparer.Ordinal);

        Assert.Equal(expected, published.Deployments.Select(deployment => deployment.Metadata.Name).Order(StringComparer.Ordinal));
        // Each reached by its name on the namespace's network, as on the compose network.
        Assert.Equal(expected, published.Services.Where(service => service.Spec.Type == "ClusterIP").Select(service => service.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(published.Deployments, deployment => Assert.DoesNotContain(PublishedKubernetes.Container(deployment).Env ?? [],
            variable => variable.Value?.Contains("docker-proxy", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void Exactly_what_compose_publishes_is_published_on_the_same_ports_and_protocols()
    {
        var composePorts = Compose
            .SelectMany(service => (service.Value!["ports"]?.AsArray() ?? []).Select(port =>
                $"{service.Key} {port!["published"]}->{port["target"]}/{port["protocol"]!.GetValue<string>().ToUpperInvariant()}"))
            .Order(StringComparer.Ordinal);

        var loadBalanced = published.Services.Where(service => service.Spec.Type == "LoadBalancer")
            .SelectMany(service => service.Spec.Ports.Select(port =>
                $"{service.Spec.Selector[KubernetesManifestGenerator.NameLabel]} {port.Port}->{port.TargetPort.Value}/{port.Protocol}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(composePorts, loadBalanced);
        Assert.Contains("syncthing 22000->22000/UDP", loadBalanced);
        Assert.Contains("syncthing 21027->21027/UDP", loadBalanced);
        Assert.All(published.Services.Where(service => service.Spec.Type != "LoadBalancer"), service => Assert.Equal("ClusterIP", service.Spec.Type));
    }

    [Fact]
    public void Every_published_Service_may_share_one_address_under_MetalLB()
    {
        var loadBalancers = published.Services.Where(service => service.Spec.Type == "LoadBalancer").ToList();
        Assert.Equal(4, loadBalancers.Count);
        Assert.All(loadBalancers, service => Assert.Equal(
            new Dictionary<string, string> { ["metallb.io/allow-shared-ip"] = "photofactory", ["metallb.universe.tf/allow-shared-ip"] = "photofactory" },
            service.Metadata.Annotations));
        // MetalLB shares an address only among Services whose ports do not overlap.
        var ports = loadBalancers.SelectMany(service => service.Spec.Ports.Select(port => $"{port.Port}/{port.Protocol}")).ToList();
        Assert.Equal(ports.Count, ports.Distinct(StringComparer.Ordinal).Count());
        Assert.All(published.Services.Where(service => service.Spec.Type != "LoadBalancer"), service => Assert.Null(service.Metadata.Annotations));
    }

    [Fact]
    public void Beyond_the_namespace_only_the_published_ports_let_anyone_in()
    {
        var policies = published.Objects.OfType<V1NetworkPolicy>().ToList();
        var namespaceOnly = Assert.Single(policies, policy => policy.Metadata.Name == KubernetesManifestGenerator.NamespaceOnlyPolicy);
        Assert.Empty(namespaceOnly.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        var from = Assert.Single(Assert.Single(namespaceOnly.Spec.Ingress).FromProperty);
        Assert.True(from.PodSelector is not null && from.NamespaceSelector is null && from.IpBlock is null, "the namespace's own pods, and only they");

        var open = policies.Where(policy => policy != namespaceOnly)
            .SelectMany(policy => Assert.Single(policy.Spec.Ingress).Ports.Select(port =>
                $"{policy.Spec.PodSelector.MatchLabels[KubernetesManifestGenerator.NameLabel]} {port.Port.Value}/{port.Protocol}"))
            .Order(StringComparer.Ordinal);
        var loadBalanced = published.Services.Where(service => service.Spec.Type == "LoadBalancer")
            .SelectMany(service => service.Spec.Ports.Select(port => $"{service.Spec.Selector[KubernetesManifestGenerator.NameLabel]} {port.TargetPort.Value}/{port.Protocol}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(loadBalanced, open);
        Assert.All(policies.Where(policy => policy != namespaceOnly), policy => Assert.Null(Assert.Single(policy.Spec.Ingress).FromProperty));
        Assert.DoesNotContain(open, port => port.StartsWith("factory-db ", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_address_a_service_is_given_is_a_Service_port_with_that_name()
    {
        var ports = published.Services.Where(service => service.Spec.Type == "ClusterIP")
            .SelectMany(service => service.Spec.Ports.Select(port => $"{service.Metadata.Name}:{port.Port}"))
            .ToHashSet(StringComparer.Ordinal);
        var addresses = 0;
        foreach (var deployment in published.Deployments)
        {
            foreach (var variable in PublishedKubernetes.Container(deployment).Env ?? [])
            {
                foreach (Match address in Address().Matches(variable.Value ?? ""))
                {
                    var target = $"{address.Groups["host"].Value}:{address.Groups["port"].Value}";
                    Assert.True(ports.Contains(target), $"{deployment.Metadata.Name}'s {variable.Name} names {target}, which no Service answers");
                    addresses++;
                }
            }
        }

        Assert.True(addresses >= 15, $"only {addresses} addresses were found; the test proves little");
    }

    [Fact]
    public void No_secret_is_written_into_the_manifests_only_referenced()
    {
        var kustomization = YamlAsJson.Parse(published.Kustomization);
        var secretKeys = kustomization["secretGenerator"]!.AsArray()
            .Single(generator => generator!["name"]!.GetValue<string>() == KubernetesManifestGenerator.SecretName)!["files"]!.AsArray()
            .Select(file => file!.GetValue<string>().Split('=')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(published.Documents, document => document["kind"]!.GetValue<string>() == "Secret");

        foreach (var deployment in published.Deployments)
        {
            var container = PublishedKubernetes.Container(deployment);
            var mountedSecrets = (deployment.Spec.Template.Spec.Volumes ?? []).Where(volume => volume.Secret is not null)
                .SelectMany(volume => volume.Secret.Items.Select(item => item.Key)).ToList();
            Assert.All(mountedSecrets, key => Assert.Contains(key, secretKeys));
            foreach (var variable in container.Env ?? [])
            {
                if (variable.ValueFrom?.SecretKeyRef is { } reference)
                {
                    Assert.Contains(reference.Key, secretKeys);
                }

                // What compose hands over as a secret file, a Kubernetes Secret's file hands over here.
                if (variable.Name.EndsWith("_FILE", StringComparison.Ordinal))
                {
                    Assert.StartsWith("/run/secrets/", variable.Value, StringComparison.Ordinal);
                    Assert.Contains(variable.Value["/run/secrets/".Length..], mountedSecrets);
                }
            }

            // Each variable compose fills from .env with a secret comes from the Secret here.
            var composeEnvironment = Compose[deployment.Metadata.Name]!["environment"]?.AsObject() ?? [];
            foreach (var (name, value) in composeEnvironment)
            {
                var text = value?.ToString() ?? "";
                var parameter = SecretVariable().Match(text);
                if (!parameter.Success || !secretKeys.Contains(parameter.Groups["name"].Value.ToLowerInvariant().Replace('_', '-')))
                {
                    continue;
                }

                var variables = container.Env ?? [];
                var variable = variables.SingleOrDefault(variable => variable.Name == name);
                Assert.True(variable?.ValueFrom?.SecretKeyRef is not null || variables.Any(v => v.Name == name + "_FILE"),
                    $"{deployment.Metadata.Name}'s {name} is a secret in compose but not taken from the Secret here");
            }
        }
    }

    [Fact]
    public void The_photos_live_on_one_ReadWriteMany_claim_named_once_and_mounted_as_compose_mounts_them()
    {
        var shared = Assert.Single(published.Claims, claim => claim.Spec.AccessModes.Contains("ReadWriteMany"));
        Assert.Equal(KubernetesVolume.SharedClaim, shared.Metadata.Name);
        var storageClasses = PublishedKubernetes.Manifests(published.Folder).Sum(file => Regex.Count(File.ReadAllText(file), "storageClassName"));
        Assert.Equal(1, storageClasses);

        var folders = new Dictionary<string, string> { ["/data/inbox"] = "inbox", ["/data/originals"] = "originals", ["/data/quarantine"] = "quarantine" };
        var mounts = 0;
        foreach (var deployment in published.Deployments)
        {
            var volumes = deployment.Spec.Template.Spec.Volumes ?? [];
            var composeVolumes = Compose[deployment.Metadata.Name]!["volumes"]?.AsArray() ?? [];
            foreach (var composeMount in composeVolumes.Where(mount => mount!["type"]!.GetValue<string>() == "bind"))
            {
                var source = composeMount!["source"]!.GetValue<string>();
                var subPath = source.Contains("INBOX_PATH", StringComparison.Ordinal) ? "inbox"
                    : source.Contains("ORIGINALS_PATH", StringComparison.Ordinal) ? "originals"
                    : source.Contains("QUARANTINE_PATH", StringComparison.Ordinal) ? "quarantine"
                    : null;
                if (subPath is null)
                {
                    continue;
                }

                var target = composeMount["target"]!.GetValue<string>();
                var mount = PublishedKubernetes.Container(deployment).VolumeMounts.SingleOrDefault(mount => mount.MountPath == target);
                Assert.True(mount is not null, $"{deployment.Metadata.Name} does not mount {subPath} at {target} as compose does");
                Assert.Equal(KubernetesVolume.SharedClaim, volumes.Single(volume => volume.Name == mount.Name).PersistentVolumeClaim?.ClaimName);
                Assert.Equal(subPath, mount.SubPath);
                Assert.Equal(composeMount["read_only"]!.GetValue<bool>(), mount.ReadOnlyProperty == true);
                mounts++;
            }
        }

        Assert.True(mounts >= 8, $"only {mounts} photo folders were mounted");
        Assert.Contains(folders.Keys, target => PublishedKubernetes.Container(published.Deployment("librarian")).VolumeMounts.Any(mount => mount.MountPath == target));
    }

    [Theory]
    [InlineData("factory-db")]
    [InlineData("immich-db")]
    public void A_database_keeps_its_data_on_a_claim_of_its_own_and_is_never_run_twice(string database)
    {
        var deployment = published.Deployment(database);
        var data = PublishedKubernetes.Container(deployment).VolumeMounts.Single(mount => mount.MountPath == "/var/lib/postgresql/data");
        var claimName = deployment.Spec.Template.Spec.Volumes.Single(volume => volume.Name == data.Name).PersistentVolumeClaim.ClaimName;
        var claim = Assert.Single(published.Claims, claim => claim.Metadata.Name == claimName);

        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        // Not the claim's root, which may hold lost+found: initdb wants an empty folder.
        Assert.Equal(KubernetesManifestGenerator.ClaimSubfolder, data.SubPath);
        Assert.Equal(Compose[database]!["volumes"]!.AsArray().Single(volume => volume!["target"]!.GetValue<string>() == "/var/lib/postgresql/data")!["source"]!.GetValue<string>(), claimName);
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy?.Type);
    }

    [Fact]
    public void Immich_server_and_machine_learning_each_ask_for_a_GPU_and_nothing_else_does()
    {
        var withGpu = published.Deployments
            .Where(deployment => PublishedKubernetes.Container(deployment).Resources?.Limits?.ContainsKey("nvidia.com/gpu") == true)
            .Select(deployment => deployment.Metadata.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["immich-machine-learning", "immich-server"], withGpu);
        Assert.All(withGpu, name => Assert.Equal("1", PublishedKubernetes.Container(published.Deployment(name)).Resources.Limits["nvidia.com/gpu"].ToString()));
    }

    [Fact]
    public void The_services_are_held_as_tightly_as_in_compose_and_no_pod_gains_privileges()
    {
        foreach (var deployment in published.Deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var container = PublishedKubernetes.Container(deployment);
            Assert.False(pod.AutomountServiceAccountToken ?? true, $"{deployment.Metadata.Name} gets an API token it never uses");
            Assert.Equal("RuntimeDefault", pod.SecurityContext?.SeccompProfile?.Type);
            Assert.False(container.SecurityContext?.AllowPrivilegeEscalation ?? true, $"{deployment.Metadata.Name} may gain privileges");
            Assert.DoesNotContain(pod.Volumes ?? [], volume => volume.HostPath is not null);

            var compose = Compose[deployment.Metadata.Name]!.AsObject();
            if (compose["read_only"]?.GetValue<bool>() == true)
            {
                Assert.True(container.SecurityContext!.ReadOnlyRootFilesystem, deployment.Metadata.Name);
                Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
                Assert.True(pod.SecurityContext!.RunAsNonRoot, deployment.Metadata.Name);
                Assert.Equal(KubernetesManifestGenerator.HostUser, pod.SecurityContext.RunAsUser);
                Assert.Equal(KubernetesManifestGenerator.HostUser, pod.SecurityContext.FsGroup);
                var volumes = pod.Volumes ?? [];
                Assert.All(compose["tmpfs"]!.AsArray(), tmpfs => Assert.Contains(container.VolumeMounts, mount => mount.MountPath == tmpfs!.GetValue<string>()
                    && volumes.Single(volume => volume.Name == mount.Name).EmptyDir?.Medium == "Memory"));
            }
        }

        Assert.Equal(3, published.Deployments.Count(deployment => PublishedKubernetes.Container(deployment).SecurityContext.ReadOnlyRootFilesystem == true));
        var namespaceObject = Assert.Single(published.Objects.OfType<V1Namespace>());
        Assert.Equal("baseline", namespaceObject.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
    }

    [Fact]
    public void Every_container_with_a_health_check_in_compose_has_probes_that_run_the_same_check()
    {
        foreach (var deployment in published.Deployments)
        {
            var container = PublishedKubernetes.Container(deployment);
            var check = Compose[deployment.Metadata.Name]!["healthcheck"]?.AsObject();
            Assert.True(check is not null, $"{deployment.Metadata.Name} has no health check in compose");
            Assert.NotNull(container.ReadinessProbe);
            Assert.NotNull(container.LivenessProbe);
            Assert.NotNull(container.StartupProbe);

            var test = check["test"]?.AsArray().Select(part => part!.GetValue<string>()).ToList();
            if (test is ["CMD", "curl", .., var url])
            {
                // The .NET services: ready on /health as compose checks it; alive (not restarted) while the process answers.
                var uri = new Uri(url);
                Assert.Equal(uri.AbsolutePath, container.ReadinessProbe.HttpGet.Path);
                Assert.Equal(uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), container.ReadinessProbe.HttpGet.Port.Value);
                Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
                // Not ready is shown, yet the service still answers and says why, as an unhealthy container does in compose.
                Assert.All(published.Services.Where(service => service.Spec.Selector[KubernetesManifestGenerator.NameLabel] == deployment.Metadata.Name),
                    service => Assert.True(service.Spec.PublishNotReadyAddresses, $"{service.Metadata.Name} drops {deployment.Metadata.Name} while it is not healthy"));
            }
            else if (test is ["CMD", .. var command])
            {
                Assert.Equal(command, container.ReadinessProbe.Exec.Command);
                Assert.Equal(command, container.LivenessProbe.Exec.Command);
            }
            else if (test is ["CMD-SHELL", var line])
            {
                Assert.Equal(["/bin/sh", "-c", line.Replace("$$", "$", StringComparison.Ordinal)], container.ReadinessProbe.Exec.Command);
            }
            else
            {
                // The image's own HEALTHCHECK, which Kubernetes ignores: the same address asked over HTTP.
                Assert.False(check["disable"]!.GetValue<bool>());
                Assert.NotNull(container.ReadinessProbe.HttpGet);
                Assert.Contains(container.Ports, port => port.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == container.ReadinessProbe.HttpGet.Port.Value);
            }
        }
    }

    [Fact]
    public void The_Librarian_runs_as_replicas_without_a_file_watcher_on_shared_storage()
    {
        var librarian = published.Deployment("librarian");

        Assert.Equal(KubernetesManifestGenerator.LibrarianReplicas, librarian.Spec.Replicas);
        Assert.True(librarian.Spec.Replicas > 1);
        Assert.Null(librarian.Spec.Strategy);
        Assert.Contains(PublishedKubernetes.Container(librarian).Env, variable => variable.Name == "Librarian__WatchInbox" && variable.Value == "false");
        Assert.Contains($"- name: \"{"librarian"}\"\n    count: {KubernetesManifestGenerator.LibrarianReplicas}", published.Kustomization, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?:https?|tcp)://(?<host>[a-z0-9-]+):(?<port>[0-9]+)|Host=(?<host>[a-z0-9-]+);Port=(?<port>[0-9]+)")]
    private static partial Regex Address();

    [GeneratedRegex(@"^\$\{(?<name>[A-Z0-9_]+):")]
    private static partial Regex SecretVariable();
}
