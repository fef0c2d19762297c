using Microsoft.Extensions.Logging;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>The two files a deployment needs: the compose file and the example of its <c>.env</c>.</summary>
public sealed record ComposeOutput(string ComposeFile, string EnvExample);

/// <summary>
/// Writes the production compose file from the AppHost's model: every container and project becomes a service,
/// with what the Aspire manifest cannot carry (UDP ports, bind mounts as <c>.env</c> variables, health checks,
/// <c>depends_on</c> on health, restart policies, the GPU reservation, the Docker socket). References between
/// resources become addresses on the compose network; parameters become variables, never values.
/// </summary>
public sealed class ComposeFileGenerator
{
    /// <summary>The compose project name, so containers and networks are named alike on every server.</summary>
    public const string ProjectName = "photofactory";

    /// <summary>Where the compose file lives, relative to the repository root; the image builds use it as context.</summary>
    public const string DeployFolder = "deploy";

    private const string Restart = "unless-stopped";

    private readonly DistributedApplicationModel _model;
    private readonly DistributedApplicationExecutionContext _executionContext;
    private readonly IReadOnlyList<DeploymentFolder> _folders;
    private readonly string _repositoryRoot;
    private readonly ILogger _logger;

    // What one generation has met: the .env variables used, the folders each service mounts.
    private readonly EnvFile _env;
    private readonly PlaceholderResolver _placeholders;
    private readonly PortsAndMounts _mounts;
    private ComposeSecrets? _secrets;
    private readonly SortedSet<string> _usedSecrets = new(StringComparer.Ordinal);

    public ComposeFileGenerator(
        DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext,
        IReadOnlyList<DeploymentFolder> folders,
        string repositoryRoot,
        ILogger logger)
    {
        _model = model;
        _executionContext = executionContext;
        _folders = folders;
        _repositoryRoot = repositoryRoot;
        _logger = logger;
        _env = new EnvFile(folders);
        _placeholders = new PlaceholderResolver(model, folders, _env.Parameter);
        _mounts = new PortsAndMounts(folders, _env);
    }

    public async Task<ComposeOutput> GenerateAsync(CancellationToken cancellationToken)
    {
        var services = new YamlMap();
        var volumes = new YamlMap();
        var deployable = _model.Resources.Where(ResourceSettings.IsService).ToList();
        var environments = new Dictionary<IResource, IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (var resource in deployable)
        {
            environments[resource] = await ResourceSettings.EnvironmentAsync(resource, _executionContext, _logger, cancellationToken);
        }

        _secrets = ComposeSecrets.Plan(_model, environments.Select(entry => (entry.Key, entry.Value)));
        var healthy = new HashSet<string>();
        var entries = new List<(IResource Resource, YamlMap Service)>();

        foreach (var resource in deployable)
        {
            var service = resource switch
            {
                ContainerResource container => await ContainerAsync(container, environments[container], volumes, cancellationToken),
                ProjectResource project => Project(project, environments[project]),
                _ => throw new InvalidOperationException($"{resource.Name} is neither a container nor a project"),
            };
            if (service.ContainsKey("healthcheck"))
            {
                healthy.Add(resource.Name);
            }

            entries.Add((resource, service));
        }

        foreach (var (resource, service) in entries)
        {
            // depends_on goes after the image and before the rest, as people write it.
            var dependsOn = DependsOn(resource, healthy);
            if (dependsOn.Count > 0)
            {
                var index = service.FindIndex(entry => entry.Key is "image" or "build") + 1;
                while (index < service.Count && service[index].Key is "image" or "build")
                {
                    index++;
                }

                service.Insert(index, new KeyValuePair<string, object>("depends_on", dependsOn));
            }

            services.Add(resource.Name, service);
        }

        var compose = new YamlMap { { "services", services } };
        if (volumes.Count > 0)
        {
            compose.Add("volumes", volumes);
        }

        if (_usedSecrets.Count > 0)
        {
            var secrets = new YamlMap();
            foreach (var secret in _usedSecrets)
            {
                secrets.Add(secret, new YamlMap { { "file", EnvFile.SecretFile(secret) } });
            }

            compose.Add("secrets", secrets);
        }

        var header =
            "# Photo Factory in production: generated from the AppHost's model, do not edit by hand.\n" +
            $"# Refresh: {ComposePublishing.RefreshCommand}\n" +
            "# Settings and secrets come from .env beside this file (start from .env.example); see docs/deploy.md.\n";
        return new ComposeOutput(header + compose.ToYaml(), _env.Example());
    }

    private async Task<YamlMap> ContainerAsync(ContainerResource container, IReadOnlyList<KeyValuePair<string, string>> environment, YamlMap volumes, CancellationToken cancellationToken)
    {
        if (!container.TryGetContainerImageName(out var image))
        {
            throw new InvalidOperationException($"{container.Name} has no image");
        }

        var service = new YamlMap { { "image", image } };
        if (container.Entrypoint is { Length: > 0 } entrypoint)
        {
            service.Add("entrypoint", new List<object> { entrypoint });
        }

        var command = await ResourceSettings.LiteralArgumentsAsync(container, _executionContext, cancellationToken);
        if (command.Count > 0)
        {
            service.Add("command", command.Cast<object>().ToList());
        }

        service.Add("restart", Restart);
        var variables = new YamlMap();
        var secrets = new List<object>();
        foreach (var (name, value) in environment)
        {
            AddVariable(variables, secrets, container, name, value);
        }

        if (ImageFacts.StartsAsRootAndSwitchesToPuid(image))
        {
            variables.Add("PUID", _env.HostUser("PUID"));
            variables.Add("PGID", _env.HostUser("PGID"));
        }

        if (variables.Count > 0)
        {
            service.Add("environment", variables);
        }

        if (secrets.Count > 0)
        {
            service.Add("secrets", secrets);
        }

        int TargetPortOf(EndpointAnnotation endpoint) => endpoint.TargetPort ?? endpoint.Port
            ?? throw new InvalidOperationException($"{container.Name}/{endpoint.Name} has no port");
        var ports = PortsAndMounts.Ports(container, TargetPortOf);
        if (ports.Count > 0)
        {
            service.Add("ports", ports);
        }

        var exposed = PortsAndMounts.Exposed(container, TargetPortOf);
        if (exposed.Count > 0)
        {
            service.Add("expose", exposed);
        }

        var mounts = new List<object>();
        foreach (var mount in container.Annotations.OfType<ContainerMountAnnotation>())
        {
            mounts.Add(mount.Type switch
            {
                ContainerMountType.Volume => PortsAndMounts.NamedVolume(container, mount, volumes),
                _ => _mounts.BindMount(container, mount),
            });
        }

        mounts.AddRange(_mounts.DockerSockets(container));
        if (mounts.Count > 0)
        {
            service.Add("volumes", mounts);
        }

        var http = container.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(endpoint => endpoint.Name == "http");
        var check = ImageFacts.HealthCheck(image, environment.ToDictionary(), http?.TargetPort);
        if (check is null && container.Annotations.OfType<HealthCheckAnnotation>().Any())
        {
            throw new InvalidOperationException(
                $"{container.Name} has a health check in the AppHost but the compose generator knows none for {image}; add it to {nameof(ImageFacts)}");
        }

        if (check is not null)
        {
            service.Add("healthcheck", ComposeHealthCheck(check));
        }

        if ((await ResourceSettings.RuntimeOptionsAsync(container, cancellationToken)).ShmSize is { } shmSize)
        {
            service.Add("shm_size", shmSize);
        }

        if (container.Annotations.OfType<GpuRequestAnnotation>().SingleOrDefault() is { } gpu)
        {
            service.Add("deploy", new YamlMap
            {
                {
                    "resources", new YamlMap
                    {
                        {
                            "reservations", new YamlMap
                            {
                                {
                                    "devices", new List<object>
                                    {
                                        new YamlMap { { "driver", gpu.Driver }, { "count", gpu.Count }, { "capabilities", gpu.Capabilities.Cast<object>().ToList() } },
                                    }
                                },
                            }
                        },
                    }
                },
            });
        }

        return service;
    }

    private YamlMap Project(ProjectResource project, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        var projectPath = project.GetProjectMetadata().ProjectPath;
        var dockerfile = Path.Combine(Path.GetDirectoryName(projectPath)!, "Dockerfile");
        if (!File.Exists(dockerfile))
        {
            throw new InvalidOperationException($"{project.Name} has no Dockerfile at {dockerfile}");
        }

        var service = new YamlMap
        {
            {
                "build", new YamlMap
                {
                    // The compose file sits in deploy/ of the repository; the images build from its root.
                    { "context", ".." },
                    { "dockerfile", Path.GetRelativePath(_repositoryRoot, dockerfile).Replace('\\', '/') },
                }
            },
            { "image", $"{ProjectName}/{project.Name}:local" },
            { "restart", Restart },
            // The same user as Syncthing, so the Librarian can move what Syncthing wrote into the inbox.
            { "user", $"{_env.HostUser("PUID")}:{_env.HostUser("PGID")}" },
        };

        var variables = new YamlMap();
        var secrets = new List<object>();
        foreach (var (name, value) in environment)
        {
            // Compose has no certificates: the services talk plain HTTP on the compose network.
            if (name.Contains("__https__", StringComparison.Ordinal))
            {
                continue;
            }

            AddVariable(variables, secrets, project, name, value);
        }

        service.Add("environment", variables);
        if (secrets.Count > 0)
        {
            service.Add("secrets", secrets);
        }

        var ports = PortsAndMounts.Ports(project, targetPortOf: _ => ImageFacts.ProjectPort, include: endpoint => endpoint.UriScheme == "http");
        if (ports.Count > 0)
        {
            service.Add("ports", ports);
        }

        foreach (var hardening in Hardening(ImageFacts.ProjectHardening))
        {
            service.Add(hardening.Key, hardening.Value);
        }

        var readOnly = project.Annotations.OfType<ReadOnlyFolderAnnotation>().Select(annotation => annotation.Parameter).ToHashSet();
        var mounts = _folders.Where(folder => _placeholders.Mounts(project.Name, folder))
            .Select(folder => (object)_mounts.FolderMount(folder, folder.ContainerPath, folder.Parameter is { } parameter && readOnly.Contains(parameter)))
            .ToList();
        mounts.AddRange(_mounts.DockerSockets(project));
        if (mounts.Count > 0)
        {
            service.Add("volumes", mounts);
        }

        if (project.Annotations.OfType<DockerSocketAnnotation>().Any())
        {
            // The service runs as PUID:PGID, which is not in the socket's group unless told: without it every call is
            // "permission denied".
            service.Insert(service.FindIndex(entry => entry.Key == "user") + 1,
                new KeyValuePair<string, object>("group_add", new List<object> { _env.DockerGroup() }));
        }

        if (project.Annotations.OfType<HealthCheckAnnotation>().Any())
        {
            service.Add("healthcheck", ComposeHealthCheck(ImageFacts.ProjectHealthCheck));
        }

        return service;
    }

    /// <summary>
    /// A compose <c>healthcheck</c>: an image's own check turned on, or a test run in the container (the .NET
    /// services' HTTP check by the curl their images carry).
    /// </summary>
    private static YamlMap ComposeHealthCheck(HealthCheck check)
    {
        List<object> test = check switch
        {
            HttpCheck { ImageRunsIt: true } => [],
            CommandCheck command => ["CMD", .. command.Command],
            // $$ keeps a variable for the container's shell.
            ShellCheck shell => ["CMD-SHELL", shell.Script.Replace("$", "$$", StringComparison.Ordinal)],
            HttpCheck http => ["CMD", "curl", "-fsS", "-m", Seconds(HealthCheck.Timeout), $"http://127.0.0.1:{http.Port}{http.Path}"],
            _ => throw new InvalidOperationException($"No compose form for {check}"),
        };
        if (test.Count == 0)
        {
            return new YamlMap { { "disable", false } };
        }

        return new YamlMap
        {
            { "test", test },
            { "interval", $"{Seconds(check.Interval)}s" },
            { "timeout", $"{Seconds(HealthCheck.Timeout)}s" },
            { "retries", HealthCheck.Retries },
            { "start_period", $"{Seconds(check.StartPeriod)}s" },
        };

        static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The compose keys of a container's hardening.</summary>
    private static YamlMap Hardening(ContainerHardening hardening)
    {
        var keys = new YamlMap();
        if (hardening.ReadOnlyRoot)
        {
            keys.Add("read_only", true);
        }

        if (hardening.Tmpfs.Count > 0)
        {
            keys.Add("tmpfs", hardening.Tmpfs.Cast<object>().ToList());
        }

        if (hardening.DropCapabilities.Count > 0)
        {
            keys.Add("cap_drop", hardening.DropCapabilities.Cast<object>().ToList());
        }

        if (hardening.NoNewPrivileges)
        {
            keys.Add("security_opt", new List<object> { "no-new-privileges:true" });
        }

        return keys;
    }

    /// <summary>
    /// A variable as the service sees it: a secret that goes as a file becomes <c>NAME_FILE</c> naming the mounted
    /// secret (<see cref="ComposeSecrets"/>); anything else its resolved value.
    /// </summary>
    private void AddVariable(YamlMap variables, List<object> secrets, IResource service, string name, string value)
    {
        if (_secrets!.FileSecret(value) is { } secret)
        {
            variables.Add(name + HostContract.FileSuffix, $"{ComposeSecrets.MountFolder}/{secret.Name}");
            secrets.Add(secret.Name);
            _usedSecrets.Add(secret.Name);
            _env.Secret(secret);
            return;
        }

        variables.Add(name, _placeholders.Resolve(value, service.Name));
    }

    private YamlMap DependsOn(IResource resource, HashSet<string> healthy)
    {
        var dependsOn = new YamlMap();
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            var target = wait.Resource;
            while (target is IResourceWithParent child && !ResourceSettings.IsService(target))
            {
                target = child.Parent;
            }

            if (!ResourceSettings.IsService(target) || dependsOn.ContainsKey(target.Name))
            {
                continue;
            }

            var condition = wait.WaitType == WaitType.WaitForCompletion ? "service_completed_successfully"
                : wait.WaitType == WaitType.WaitUntilHealthy && healthy.Contains(target.Name) ? "service_healthy"
                : "service_started";
            dependsOn.Add(target.Name, new YamlMap { { "condition", condition } });
        }

        return dependsOn;
    }
}
