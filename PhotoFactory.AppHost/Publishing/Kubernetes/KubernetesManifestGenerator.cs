using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace PhotoFactory.AppHost.Publishing.Kubernetes;

/// <summary>One file of the Kubernetes deployment, by its name in the output folder.</summary>
public sealed record KubernetesFile(string Name, string Text);

/// <summary>
/// Writes plain Kubernetes manifests from the AppHost's model, the one the compose file comes from, as typed objects
/// of the Kubernetes client: a Deployment and Services for every container and project, PersistentVolumeClaims for
/// what the compose file keeps in volumes, one ReadWriteMany claim for the photos, probes from the same health
/// checks, Secrets and settings referenced by name (the kustomization makes them from files the user fills in),
/// GPU limits and hardened security contexts. What a Kubernetes node cannot offer (the Docker socket) is left out,
/// and says so.
/// </summary>
public sealed partial class KubernetesManifestGenerator
{
    public const string Namespace = "photofactory";

    /// <summary>The Secret the kustomization makes from <c>secrets/</c>: one key per secret parameter, named as it.</summary>
    public const string SecretName = "photofactory-secrets";

    /// <summary>The ConfigMap the kustomization makes from <c>settings.env</c>: one key per setting, named as its variable.</summary>
    public const string SettingsName = "photofactory-settings";

    public const string SettingsFile = "settings.env";
    public const string SettingsExampleFile = "settings.env.example";
    public const string SecretsFolder = "secrets";
    public const string KustomizationFile = "kustomization.yaml";
    public const string NamespaceFile = "namespace.yaml";
    public const string StorageFile = "storage.yaml";

    /// <summary>
    /// MetalLB's annotation that lets Services share one address, in its current and its older spelling: every
    /// LoadBalancer carries it with the key <see cref="Namespace"/>, so that what compose publishes on one host can be
    /// on one address here too (the links the Dashboard and Homepage build from <c>PUBLIC_HOST</c> need that). Other load
    /// balancers ignore it.
    /// </summary>
    public static readonly string[] SharedAddressAnnotations = ["metallb.io/allow-shared-ip", "metallb.universe.tf/allow-shared-ip"];

    /// <summary>How many Librarians run: the kustomization's one <c>replicas</c> entry.</summary>
    public const int LibrarianReplicas = 2;

    /// <summary>The user and group the services run as and own the shared files with (compose's default PUID:PGID).</summary>
    public const long HostUser = 1000;

    public const string NameLabel = "app.kubernetes.io/name";
    public const string PartOfLabel = "app.kubernetes.io/part-of";

    /// <summary>The Librarian's setting that turns off its file watcher: NFS and other RWX storage send no change notices.</summary>
    public const string WatchInboxVariable = "Librarian__WatchInbox";

    /// <summary>Where a secret that goes as a file is mounted, as compose mounts its secrets.</summary>
    private const string SecretMountFolder = ComposeSecrets.MountFolder;

    /// <summary>Time a container gets to start before its liveness counts (first database init, model download, migrations).</summary>
    private static readonly TimeSpan StartupBudget = TimeSpan.FromMinutes(10);
    private const int StartupPeriodSeconds = 10;

    /// <summary>
    /// Third-party images start as root and switch to their own user (su-exec, gosu), which needs no new privileges;
    /// the compose file sets nothing for them, Kubernetes at least forbids gaining privileges.
    /// </summary>
    private static readonly ContainerHardening ImageHardening = new(ReadOnlyRoot: false, Tmpfs: [], DropCapabilities: [], NoNewPrivileges: true);

    /// <summary>What each named volume asks for; any other gets <see cref="DefaultClaimSize"/>.</summary>
    private static readonly Dictionary<string, string> ClaimSizes = new(StringComparer.Ordinal)
    {
        // Immich's thumbnails and encoded videos grow with the library.
        ["photofactory-immich-upload"] = "100Gi",
    };

    private const string DefaultClaimSize = "10Gi";

    /// <summary>The folder of a ReadWriteOnce claim a container's data lives in.</summary>
    public const string ClaimSubfolder = "data";

    private readonly DistributedApplicationModel _model;
    private readonly DistributedApplicationExecutionContext _executionContext;
    private readonly IReadOnlyList<DeploymentFolder> _folders;
    private readonly ILogger _logger;
    private readonly PlaceholderResolver _placeholders;

    // What one generation has met: the parameters a value named (cleared per value), the secrets and settings used, the claims.
    private readonly List<ParameterResource> _named = [];
    private readonly SortedDictionary<string, ParameterResource> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParameterResource> _settings = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, V1PersistentVolumeClaim> _claims = new(StringComparer.Ordinal);
    private readonly List<DeploymentFolder> _configFolders = [];

    public KubernetesManifestGenerator(
        DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext,
        IReadOnlyList<DeploymentFolder> folders,
        ILogger logger)
    {
        _model = model;
        _executionContext = executionContext;
        _folders = folders;
        _logger = logger;
        _placeholders = new PlaceholderResolver(model, folders, parameter =>
        {
            _named.Add(parameter);
            return $"$({parameter.VariableName()})";
        });
    }

    /// <summary>The refresh command, written at the top of every file.</summary>
    public static string RefreshCommand => KubernetesPublishing.RefreshCommand;

    public async Task<IReadOnlyList<KubernetesFile>> GenerateAsync(CancellationToken cancellationToken)
    {
        var deployable = _model.Resources.Where(ResourceSettings.IsService).ToList();
        var leftOut = deployable.Where(NeedsDockerSocket).Select(resource => resource.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in leftOut)
        {
            _logger.LogInformation("Kubernetes: {Service} is left out: it reads the Docker socket, which a Kubernetes node does not offer", name);
        }

        var workloads = new List<KubernetesFile>();
        foreach (var resource in deployable.Where(resource => !leftOut.Contains(resource.Name)))
        {
            var environment = await ResourceSettings.EnvironmentAsync(resource, _executionContext, _logger, cancellationToken);
            var objects = resource switch
            {
                ContainerResource container => await ContainerAsync(container, environment, leftOut, cancellationToken),
                ProjectResource project => Project(project, environment, leftOut),
                _ => throw new InvalidOperationException($"{resource.Name} is neither a container nor a project"),
            };
            workloads.Add(Manifest($"{resource.Name}.yaml", $"{resource.Name}: its workload and Services", objects));
        }

        List<KubernetesFile> files =
        [
            Manifest(NamespaceFile, "The namespace, which admits only pods that meet the baseline Pod Security Standard, and lets in only its own pods",
                [NamespaceObject(), NamespaceOnly()]),
            Manifest(StorageFile, "The claims: the photos on one ReadWriteMany claim, each database and cache on its own", [.. _claims.Values]),
            .. workloads,
        ];
        files.Add(new KubernetesFile(SettingsExampleFile, SettingsExample()));
        files.Add(new KubernetesFile(KustomizationFile, Kustomization([.. files.Where(file => file.Name.EndsWith(".yaml", StringComparison.Ordinal)).Select(file => file.Name)])));
        return files;
    }

    /// <summary>The folders of files shipped beside the manifests (Homepage's configuration, the init scripts), by their folder name.</summary>
    public IReadOnlyList<DeploymentFolder> ConfigFolders => _configFolders;


    private static bool NeedsDockerSocket(IResource resource) => resource.Annotations.OfType<DockerSocketAnnotation>().Any();

    private async Task<List<IKubernetesObject>> ContainerAsync(ContainerResource container, IReadOnlyList<KeyValuePair<string, string>> environment, HashSet<string> leftOut, CancellationToken cancellationToken)
    {
        if (!container.TryGetContainerImageName(out var image))
        {
            throw new InvalidOperationException($"{container.Name} has no image");
        }

        var pod = new PodParts(container.Name);
        var spec = new V1Container
        {
            Name = container.Name,
            Image = image,
            Command = container.Entrypoint is { Length: > 0 } entrypoint ? [entrypoint] : null,
        };

        var args = await ResourceSettings.LiteralArgumentsAsync(container, _executionContext, cancellationToken);
        spec.Args = args.Count > 0 ? args : null;
        spec.Env = Environment(container, environment, leftOut, pod);
        if (ImageFacts.StartsAsRootAndSwitchesToPuid(image))
        {
            spec.Env.Add(new V1EnvVar { Name = "PUID", Value = HostUser.ToString(CultureInfo.InvariantCulture) });
            spec.Env.Add(new V1EnvVar { Name = "PGID", Value = HostUser.ToString(CultureInfo.InvariantCulture) });
        }

        int TargetPortOf(EndpointAnnotation endpoint) => endpoint.TargetPort ?? endpoint.Port
            ?? throw new InvalidOperationException($"{container.Name}/{endpoint.Name} has no port");
        var endpoints = container.Annotations.OfType<EndpointAnnotation>().ToList();
        spec.Ports = endpoints.Count > 0 ? [.. endpoints.Select(endpoint => ContainerPort(endpoint, TargetPortOf(endpoint)))] : null;

        foreach (var mount in container.Annotations.OfType<ContainerMountAnnotation>())
        {
            if (mount.Type == ContainerMountType.Volume)
            {
                var claim = string.IsNullOrEmpty(mount.Source)
                    ? throw new InvalidOperationException($"{container.Name}: the volume at {mount.Target} has no name; name it so its data survives")
                    : mount.Source;
                AddClaim(claim, "ReadWriteOnce", storageClass: null, ClaimSizes.GetValueOrDefault(claim, DefaultClaimSize));
                // A subfolder, not the claim's root: a formatted volume's root holds lost+found, and PostgreSQL's initdb
                // refuses a data directory that is not empty.
                pod.Mount(claim, new V1Volume { Name = claim, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }, mount.Target, mount.IsReadOnly, ClaimSubfolder);
                pod.HoldsClaimAlone = true;
                continue;
            }

            var source = Path.GetFullPath(mount.Source!);
            var folder = _folders.SingleOrDefault(folder => string.Equals(Path.TrimEndingDirectorySeparator(folder.HostPath), Path.TrimEndingDirectorySeparator(source), StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{container.Name} mounts {source}, which is no deployment folder; a manifest must never name this machine's paths");
            MountFolder(pod, folder, mount.Target, mount.IsReadOnly);
        }

        var http = endpoints.FirstOrDefault(endpoint => endpoint.Name == "http");
        var check = ImageFacts.HealthCheck(image, environment.ToDictionary(), http?.TargetPort);
        if (check is null && container.Annotations.OfType<HealthCheckAnnotation>().Any())
        {
            throw new InvalidOperationException(
                $"{container.Name} has a health check in the AppHost but the generator knows none for {image}; add it to {nameof(ImageFacts)}");
        }

        if (check is not null)
        {
            spec.StartupProbe = StartupProbe(check);
            spec.ReadinessProbe = Probe(check, check.Interval);
            spec.LivenessProbe = Probe(check, check.Interval);
        }

        RuntimeOptions(await ResourceSettings.RuntimeOptionsAsync(container, cancellationToken), pod);
        if (container.Annotations.OfType<GpuRequestAnnotation>().SingleOrDefault() is { } gpu)
        {
            // The device plugin's resource; Kubernetes schedules the pod only onto a node that has one free.
            spec.Resources = new V1ResourceRequirements
            {
                Limits = new Dictionary<string, ResourceQuantity> { [$"{gpu.Driver}.com/gpu"] = new(gpu.Count.ToString(CultureInfo.InvariantCulture)) },
            };
        }

        Harden(spec, pod, ImageHardening);
        // An image that switches to PUID:PGID writes its claims as that group; Kubernetes gives block volumes to it.
        var group = ImageFacts.StartsAsRootAndSwitchesToPuid(image) ? HostUser : (long?)null;
        return Workload(container, spec, pod, replicas: 1, runAs: null, group, endpoints, TargetPortOf);
    }

    private List<IKubernetesObject> Project(ProjectResource project, IReadOnlyList<KeyValuePair<string, string>> environment, HashSet<string> leftOut)
    {
        var pod = new PodParts(project.Name);
        var spec = new V1Container
        {
            Name = project.Name,
            Image = ProjectImage(project),
            // Pushed to the cluster's registry, or imported into each node (k3s ctr images import): docs/deploy.md.
            ImagePullPolicy = "IfNotPresent",
            Env = Environment(project, [.. environment.Where(variable => !variable.Key.Contains("__https__", StringComparison.Ordinal))], leftOut, pod),
        };

        var replicas = 1;
        if (project.Name == ResourceNames.Librarian)
        {
            // Replicas on shared storage: the rescan finds new files, the catalogue's claims keep each to one Librarian.
            spec.Env.Add(new V1EnvVar { Name = WatchInboxVariable, Value = "false" });
            replicas = LibrarianReplicas;
        }

        var endpoints = project.Annotations.OfType<EndpointAnnotation>().Where(endpoint => endpoint.UriScheme == "http").ToList();
        spec.Ports = [.. endpoints.Select(endpoint => ContainerPort(endpoint, ImageFacts.ProjectPort))];

        var readOnly = project.Annotations.OfType<ReadOnlyFolderAnnotation>().Select(annotation => annotation.Parameter).ToHashSet();
        foreach (var folder in _folders.Where(folder => _placeholders.Mounts(project.Name, folder)))
        {
            MountFolder(pod, folder, folder.ContainerPath, folder.Parameter is { } parameter && readOnly.Contains(parameter));
        }

        if (project.Annotations.OfType<HealthCheckAnnotation>().Any())
        {
            var check = ImageFacts.ProjectHealthCheck;
            spec.StartupProbe = StartupProbe(check with { Path = HealthEndpoints.Alive });
            spec.ReadinessProbe = Probe(check, check.Interval);
            // Alive, not healthy: a service whose database is away is kept and reports it, not restarted.
            spec.LivenessProbe = Probe(check with { Path = HealthEndpoints.Alive }, check.Interval);
        }

        Harden(spec, pod, ImageFacts.ProjectHardening);
        return Workload(project, spec, pod, replicas, runAs: HostUser, group: HostUser, endpoints, _ => ImageFacts.ProjectPort);
    }

    /// <summary>The Deployment, its Service on the namespace's network and, for what users open, a LoadBalancer.</summary>
    private List<IKubernetesObject> Workload(IResource resource, V1Container container, PodParts pod, int replicas, long? runAs, long? group, IReadOnlyList<EndpointAnnotation> endpoints, Func<EndpointAnnotation, int> targetPortOf)
    {
        var podSpec = new V1PodSpec
        {
            // None of them talks to the Kubernetes API.
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            SecurityContext = new V1PodSecurityContext
            {
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                RunAsNonRoot = runAs is null ? null : true,
                RunAsUser = runAs,
                RunAsGroup = runAs,
                FsGroup = group,
                // Only when the volume's root is not the group's already: never a walk through a large library.
                FsGroupChangePolicy = group is null ? null : "OnRootMismatch",
            },
            Containers = [container],
            Volumes = pod.Volumes.Count > 0 ? pod.Volumes : null,
        };
        container.VolumeMounts = pod.Mounts.Count > 0 ? pod.Mounts : null;

        var deployment = new V1Deployment
        {
            ApiVersion = $"{V1Deployment.KubeGroup}/{V1Deployment.KubeApiVersion}",
            Kind = V1Deployment.KubeKind,
            Metadata = Metadata(resource.Name),
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NameLabel] = resource.Name } },
                // A claim only one pod may hold (and one Syncthing per device ID): the old pod goes before the new one comes.
                Strategy = pod.HoldsClaimAlone ? new V1DeploymentStrategy { Type = "Recreate" } : null,
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = Labels(resource.Name) }, Spec = podSpec },
            },
        };

        List<IKubernetesObject> objects = [deployment];
        if (endpoints.Count > 0)
        {
            objects.Add(Service(resource.Name, "ClusterIP", [.. endpoints.Select(endpoint => ServicePort(endpoint, targetPortOf(endpoint), targetPortOf(endpoint)))], AnswersWhenUnhealthy(resource)));
        }

        var published = endpoints.Where(endpoint => endpoint.IsExternal && endpoint.Port is not null).ToList();
        if (published.Count > 0)
        {
            // Published as compose publishes them: on the ports users already know.
            objects.Add(Service($"{resource.Name}-public", "LoadBalancer", [.. published.Select(endpoint => ServicePort(endpoint, endpoint.Port!.Value, targetPortOf(endpoint)))], AnswersWhenUnhealthy(resource)));
            // And let in from outside the namespace on those ports alone (NamespaceOnly keeps out the rest).
            objects.Add(new V1NetworkPolicy
            {
                ApiVersion = $"{V1NetworkPolicy.KubeGroup}/{V1NetworkPolicy.KubeApiVersion}",
                Kind = V1NetworkPolicy.KubeKind,
                Metadata = Metadata($"{resource.Name}-public"),
                Spec = new V1NetworkPolicySpec
                {
                    PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NameLabel] = resource.Name } },
                    PolicyTypes = ["Ingress"],
                    Ingress = [new V1NetworkPolicyIngressRule { Ports = [.. published.Select(endpoint => new V1NetworkPolicyPort { Port = targetPortOf(endpoint), Protocol = Protocol(endpoint) })] }],
                },
            });
        }

        return objects;
    }

    /// <summary>
    /// The .NET services answer even when not healthy and say why (the Dashboard is what shows the user a database
    /// outage, the Monitor reads each service's <c>/health</c>), as compose routes to an unhealthy container: their
    /// Services keep them while readiness reports the state.
    /// </summary>
    private static bool AnswersWhenUnhealthy(IResource resource) => resource is ProjectResource;

    private static V1Service Service(string name, string type, List<V1ServicePort> ports, bool answersWhenUnhealthy) => new()
    {
        ApiVersion = V1Service.KubeApiVersion,
        Kind = V1Service.KubeKind,
        Metadata = Metadata(name, type == "LoadBalancer" ? SharedAddressAnnotations.ToDictionary(annotation => annotation, _ => Namespace) : null),
        Spec = new V1ServiceSpec
        {
            Type = type,
            PublishNotReadyAddresses = answersWhenUnhealthy ? true : null,
            Selector = new Dictionary<string, string> { [NameLabel] = name.EndsWith("-public", StringComparison.Ordinal) ? name[..^"-public".Length] : name },
            Ports = ports,
        },
    };

    private static V1ServicePort ServicePort(EndpointAnnotation endpoint, int port, int targetPort) => new()
    {
        Name = PortName(endpoint),
        Port = port,
        TargetPort = targetPort,
        Protocol = Protocol(endpoint),
    };

    private static V1ContainerPort ContainerPort(EndpointAnnotation endpoint, int port) => new()
    {
        Name = PortName(endpoint),
        ContainerPort = port,
        Protocol = Protocol(endpoint),
    };

    private static string Protocol(EndpointAnnotation endpoint) => endpoint.Protocol == ProtocolType.Udp ? "UDP" : "TCP";

    /// <summary>The endpoint's name, which Kubernetes allows as a port name (a DNS label of at most 15 characters).</summary>
    private static string PortName(EndpointAnnotation endpoint) =>
        PortNamePattern().IsMatch(endpoint.Name)
            ? endpoint.Name
            : throw new InvalidOperationException($"The endpoint name {endpoint.Name} is no Kubernetes port name (lower-case letters, digits and '-', at most 15)");

    private static V1ObjectMeta Metadata(string name, Dictionary<string, string>? annotations = null) =>
        new() { Name = name, NamespaceProperty = Namespace, Labels = Labels(name), Annotations = annotations };

    private static Dictionary<string, string> Labels(string name) => new() { [NameLabel] = name, [PartOfLabel] = Namespace };

    /// <summary>
    /// The container's environment in the AppHost's order, after the variables its values are composed from: a secret
    /// the service reads from a file is mounted and named by <c>NAME_FILE</c>; any other value that is one parameter
    /// comes from the Secret or the settings ConfigMap by reference; a value that embeds parameters names them as
    /// <c>$(VARIABLE)</c>, which Kubernetes expands from the variables before it. A variable that refers to a service
    /// left out is dropped.
    /// </summary>
    private List<V1EnvVar> Environment(IResource service, IReadOnlyList<KeyValuePair<string, string>> environment, HashSet<string> leftOut, PodParts pod)
    {
        var variables = new List<V1EnvVar>();
        var sources = new List<V1EnvVar>();
        var secretFiles = new List<V1KeyToPath>();
        foreach (var (name, value) in environment)
        {
            // An address of a service left out, or its name in a list of what to expect (the Monitor's containers).
            if ((leftOut.Contains(value) ? value : PlaceholderResolver.ReferencedResources(value).FirstOrDefault(leftOut.Contains)) is { } absent)
            {
                _logger.LogInformation("Kubernetes: {Service}'s {Variable} is left out with {Absent}", service.Name, name, absent);
                continue;
            }

            var whole = ComposeSecrets.WholeParameter(value) is { } parameterName
                ? _model.Resources.OfType<ParameterResource>().SingleOrDefault(parameter => parameter.Name == parameterName)
                : null;
            if (whole is not null && !_folders.Any(folder => folder.Parameter == whole.Name))
            {
                if (whole.Secret && ComposeSecrets.TakesFile(service, name))
                {
                    _secrets.TryAdd(whole.Name, whole);
                    secretFiles.Add(new V1KeyToPath { Key = whole.Name, Path = whole.Name });
                    variables.Add(new V1EnvVar { Name = name + HostContract.FileSuffix, Value = $"{SecretMountFolder}/{whole.Name}" });
                }
                else
                {
                    variables.Add(new V1EnvVar { Name = name, ValueFrom = Reference(whole) });
                }

                continue;
            }

            _named.Clear();
            var resolved = _placeholders.Resolve(value, service.Name);
            foreach (var parameter in _named.Where(parameter => sources.All(source => source.Name != parameter.VariableName())))
            {
                sources.Add(new V1EnvVar { Name = parameter.VariableName(), ValueFrom = Reference(parameter) });
            }

            variables.Add(new V1EnvVar { Name = name, Value = resolved });
        }

        if (secretFiles.Count > 0)
        {
            pod.Mount("secrets", new V1Volume
            {
                Name = "secrets",
                // Readable by the image's own user too (the postgres image reads them after it drops root).
                Secret = new V1SecretVolumeSource { SecretName = SecretName, Items = secretFiles, DefaultMode = 0x124 /* 0444 */ },
            }, SecretMountFolder, readOnly: true);
        }

        return [.. sources, .. variables];
    }

    /// <summary>A parameter by reference: a secret from the Secret, a setting from the ConfigMap; optional where a deployment may leave it empty.</summary>
    private V1EnvVarSource Reference(ParameterResource parameter)
    {
        var optional = parameter.Annotations.OfType<OptionalInDeploymentAnnotation>().Any() ? true : (bool?)null;
        if (parameter.Secret)
        {
            _secrets.TryAdd(parameter.Name, parameter);
            return new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = SecretName, Key = parameter.Name, Optional = optional } };
        }

        _settings.TryAdd(parameter.Name, parameter);
        return new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = SettingsName, Key = parameter.VariableName(), Optional = optional } };
    }

    private void MountFolder(PodParts pod, DeploymentFolder folder, string target, bool readOnly)
    {
        switch (folder.Kubernetes)
        {
            case SharedFolder shared:
                AddClaim(KubernetesVolume.SharedClaim, "ReadWriteMany", KubernetesVolume.SharedStorageClass, KubernetesVolume.SharedClaimSize);
                pod.Mount("photos", new V1Volume { Name = "photos", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = KubernetesVolume.SharedClaim } },
                    target, readOnly, shared.SubPath);
                break;
            case OwnClaim own:
                AddClaim(own.ClaimName, "ReadWriteOnce", storageClass: null, own.Size);
                pod.Mount(own.ClaimName, new V1Volume { Name = own.ClaimName, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = own.ClaimName } }, target, readOnly, ClaimSubfolder);
                pod.HoldsClaimAlone = true;
                break;
            case ConfigFolder config:
                if (!_configFolders.Contains(folder))
                {
                    _configFolders.Add(folder);
                }

                var volume = new V1Volume
                {
                    Name = config.ConfigMap,
                    ConfigMap = new V1ConfigMapVolumeSource { Name = config.ConfigMap, DefaultMode = config.Executable ? 0x16D /* 0555 */ : 0x124 /* 0444 */ },
                };
                if (config.FileByFile)
                {
                    foreach (var file in ConfigFiles(folder))
                    {
                        pod.Mount(config.ConfigMap, volume, $"{target}/{file}", readOnly: true, subPath: file);
                    }
                }
                else
                {
                    pod.Mount(config.ConfigMap, volume, target, readOnly: true);
                }

                break;
            default:
                throw new InvalidOperationException($"{folder.Variable} has no place in a Kubernetes deployment");
        }
    }

    /// <summary>The files of a folder shipped beside the manifests, in name order; not its hidden files (a .gitignore).</summary>
    public static IReadOnlyList<string> ConfigFiles(DeploymentFolder folder) =>
        [.. Directory.EnumerateFiles(folder.HostPath).Select(file => Path.GetFileName(file)).Where(file => !file.StartsWith('.')).Order(StringComparer.Ordinal)];

    private void AddClaim(string name, string accessMode, string? storageClass, string size) =>
        _claims.TryAdd(name, new V1PersistentVolumeClaim
        {
            ApiVersion = V1PersistentVolumeClaim.KubeApiVersion,
            Kind = V1PersistentVolumeClaim.KubeKind,
            Metadata = Metadata(name),
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = [accessMode],
                StorageClassName = storageClass,
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
            },
        });

    private static void Harden(V1Container container, PodParts pod, ContainerHardening hardening)
    {
        container.SecurityContext = new V1SecurityContext
        {
            AllowPrivilegeEscalation = hardening.NoNewPrivileges ? false : null,
            ReadOnlyRootFilesystem = hardening.ReadOnlyRoot ? true : null,
            Capabilities = hardening.DropCapabilities.Count > 0 ? new V1Capabilities { Drop = [.. hardening.DropCapabilities] } : null,
        };
        foreach (var folder in hardening.Tmpfs)
        {
            var name = folder.Trim('/').Replace('/', '-');
            pod.Mount(name, new V1Volume { Name = name, EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory" } }, folder, readOnly: false);
        }
    }

    /// <summary>Readiness and liveness: the compose check's test, period, timeout and misses allowed.</summary>
    private static V1Probe Probe(HealthCheck check, TimeSpan period)
    {
        var probe = Action(check);
        probe.PeriodSeconds = (int)period.TotalSeconds;
        probe.TimeoutSeconds = (int)HealthCheck.Timeout.TotalSeconds;
        probe.FailureThreshold = HealthCheck.Retries;
        return probe;
    }

    /// <summary>Until it first passes, liveness waits: up to <see cref="StartupBudget"/>, at least the compose check's start period.</summary>
    private static V1Probe StartupProbe(HealthCheck check)
    {
        var probe = Action(check);
        var budget = check.StartPeriod > StartupBudget ? check.StartPeriod : StartupBudget;
        probe.PeriodSeconds = StartupPeriodSeconds;
        probe.TimeoutSeconds = (int)HealthCheck.Timeout.TotalSeconds;
        probe.FailureThreshold = (int)Math.Ceiling(budget.TotalSeconds / StartupPeriodSeconds);
        return probe;
    }

    private static V1Probe Action(HealthCheck check) => check switch
    {
        CommandCheck command => new V1Probe { Exec = new V1ExecAction { Command = [.. command.Command] } },
        ShellCheck shell => new V1Probe { Exec = new V1ExecAction { Command = ["/bin/sh", "-c", shell.Script] } },
        HttpCheck http => new V1Probe { HttpGet = new V1HTTPGetAction { Path = http.Path, Port = http.Port } },
        _ => throw new InvalidOperationException($"No probe for {check}"),
    };

    /// <summary>Runtime options as pod settings: <c>--shm-size</c> becomes a memory-backed <c>/dev/shm</c>.</summary>
    private static void RuntimeOptions(RuntimeOptions options, PodParts pod)
    {
        if (options.ShmSize is { } size)
        {
            pod.Mount("dshm", new V1Volume
            {
                Name = "dshm",
                EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity(Quantity(size)) },
            }, "/dev/shm", readOnly: false);
        }
    }

    /// <summary>Docker's size (<c>128m</c>: mebibytes) as a Kubernetes quantity (<c>128Mi</c>).</summary>
    private static string Quantity(string size)
    {
        var match = DockerSize().Match(size);
        if (!match.Success)
        {
            throw new InvalidOperationException($"'{size}' is no size Docker takes");
        }

        var unit = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "" or "b" => "",
            "k" => "Ki",
            "m" => "Mi",
            "g" => "Gi",
            var other => throw new InvalidOperationException($"Unknown size unit {other}"),
        };
        return match.Groups["number"].Value + unit;
    }

    /// <summary>The image a project is built into (its Dockerfile), as the compose file names it.</summary>
    public static string ProjectImage(ProjectResource project) => $"{ComposeFileGenerator.ProjectName}/{project.Name}:local";

    private static V1Namespace NamespaceObject() => new()
    {
        ApiVersion = V1Namespace.KubeApiVersion,
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta
        {
            Name = Namespace,
            Labels = new Dictionary<string, string>
            {
                [PartOfLabel] = Namespace,
                // Baseline admits the images that start as root and switch users; restricted is what the .NET services meet.
                ["pod-security.kubernetes.io/enforce"] = "baseline",
                ["pod-security.kubernetes.io/warn"] = "baseline",
                ["pod-security.kubernetes.io/audit"] = "restricted",
            },
        },
    };

    /// <summary>
    /// Like the compose network: a pod is reached only from the namespace's own pods, except on the ports a Service
    /// publishes (each workload's <c>-public</c> policy). Enforced where the cluster's network plugin enforces policies
    /// (Calico, Cilium; k3s's built-in controller).
    /// </summary>
    private static V1NetworkPolicy NamespaceOnly() => new()
    {
        ApiVersion = $"{V1NetworkPolicy.KubeGroup}/{V1NetworkPolicy.KubeApiVersion}",
        Kind = V1NetworkPolicy.KubeKind,
        Metadata = Metadata(NamespaceOnlyPolicy),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = ["Ingress"],
            Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
        },
    };

    public const string NamespaceOnlyPolicy = "namespace-only";

    private static KubernetesFile Manifest(string name, string description, IReadOnlyList<IKubernetesObject> objects)
    {
        var text = new StringBuilder();
        text.Append("# Photo Factory on Kubernetes, generated from the AppHost's model: do not edit by hand.\n");
        text.Append($"# Refresh: {RefreshCommand}\n");
        text.Append($"# {description}. Apply the folder, not this file: kubectl apply -k . (docs/deploy.md).\n");
        for (var i = 0; i < objects.Count; i++)
        {
            text.Append(i == 0 ? "" : "---\n").Append(KubernetesYaml.Serialize(objects[i]).ReplaceLineEndings("\n"));
            if (text[^1] != '\n')
            {
                text.Append('\n');
            }
        }

        return new KubernetesFile(name, text.ToString());
    }

    private string Kustomization(IReadOnlyList<string> manifests)
    {
        var kustomization = new YamlMap
        {
            { "apiVersion", "kustomize.config.k8s.io/v1beta1" },
            { "kind", "Kustomization" },
            { "namespace", Namespace },
            { "resources", manifests.Where(name => name != KustomizationFile).Cast<object>().ToList() },
            { "replicas", new List<object> { new YamlMap { { "name", ResourceNames.Librarian }, { "count", LibrarianReplicas } } } },
            {
                "images", _model.Resources.OfType<ProjectResource>().Select(project => (object)new YamlMap
                {
                    { "name", ProjectImage(project).Split(':')[0] },
                    { "newName", ProjectImage(project).Split(':')[0] },
                    { "newTag", ProjectImage(project).Split(':')[1] },
                }).ToList()
            },
        };

        var configMaps = new List<object>();
        if (_settings.Count > 0)
        {
            configMaps.Add(new YamlMap { { "name", SettingsName }, { "envs", new List<object> { SettingsFile } } });
        }

        foreach (var folder in _configFolders)
        {
            var config = (ConfigFolder)folder.Kubernetes;
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder.HostPath));
            configMaps.Add(new YamlMap { { "name", config.ConfigMap }, { "files", ConfigFiles(folder).Select(file => (object)$"{name}/{file}").ToList() } });
        }

        kustomization.Add("configMapGenerator", configMaps);
        kustomization.Add("secretGenerator", new List<object>
        {
            new YamlMap { { "name", SecretName }, { "files", _secrets.Keys.Select(secret => (object)$"{secret}={SecretsFolder}/{secret}").ToList() } },
        });

        return "# Photo Factory on Kubernetes, generated from the AppHost's model.\n" +
               $"# Refresh: {RefreshCommand}\n" +
               $"# Before the first apply: copy {SettingsExampleFile} to {SettingsFile} and fill it in, and put one file per secret in\n" +
               $"# {SecretsFolder}/ (listed in {SettingsExampleFile}). Then: kubectl apply -k . (docs/deploy.md, \"More than one machine\").\n" +
               "# The settings a deployment changes here: the Librarian's replicas, and the images' registry (images).\n" +
               kustomization.ToYaml();
    }

    private string SettingsExample()
    {
        var text = new StringBuilder();
        text.Append($"# Photo Factory's settings on Kubernetes: copy to {SettingsFile} beside it and fill in every empty value.\n");
        text.Append($"# Generated from the AppHost's model with: {RefreshCommand}\n");
        foreach (var parameter in _settings.Values.OrderBy(parameter => parameter.Name, StringComparer.Ordinal))
        {
            text.Append('\n');
            if (parameter.Description is { Length: > 0 } description)
            {
                text.Append($"# {description}\n");
            }

            if (parameter.Annotations.OfType<OptionalInDeploymentAnnotation>().Any())
            {
                text.Append("# May stay empty.\n");
            }

            text.Append($"{parameter.VariableName()}=\n");
        }

        text.Append($"\n# Secrets: one file per secret in {SecretsFolder}/ beside the kustomization, named as below, holding only the value\n");
        text.Append("# (no line break: printf '%s' VALUE > secrets/NAME). The kustomization makes them into the Secret\n");
        text.Append($"# {SecretName}; keep the folder private. Unless said otherwise: at least 22 letters and digits, e.g. openssl rand -hex 16.\n");
        foreach (var secret in _secrets.Values)
        {
            var rule = secret.Default is GenerateParameterDefault ? "" : " (not generated)";
            var optional = secret.Annotations.OfType<OptionalInDeploymentAnnotation>().Any() ? " May be an empty file." : "";
            text.Append($"#   {secret.Name}{rule}: {(secret.Description ?? "a secret").TrimEnd('.')}.{optional}\n");
        }

        return text.ToString();
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$")]
    private static partial Regex PortNamePattern();

    [GeneratedRegex("^(?<number>[0-9]+)(?<unit>[bkmgBKMG]?)$")]
    private static partial Regex DockerSize();

    /// <summary>A pod's volumes and its container's mounts, each volume declared once however often it is mounted.</summary>
    private sealed class PodParts(string name)
    {
        public List<V1Volume> Volumes { get; } = [];

        public List<V1VolumeMount> Mounts { get; } = [];

        /// <summary>Whether the pod holds a ReadWriteOnce claim, which a second pod could not mount on another node.</summary>
        public bool HoldsClaimAlone { get; set; }

        public void Mount(string volumeName, V1Volume volume, string target, bool readOnly, string? subPath = null)
        {
            if (Volumes.All(existing => existing.Name != volumeName))
            {
                Volumes.Add(volume);
            }

            if (Mounts.Any(mount => mount.MountPath == target))
            {
                throw new InvalidOperationException($"{name} mounts two things at {target}");
            }

            Mounts.Add(new V1VolumeMount { Name = volumeName, MountPath = target, ReadOnlyProperty = readOnly ? true : null, SubPath = subPath });
        }
    }
}
