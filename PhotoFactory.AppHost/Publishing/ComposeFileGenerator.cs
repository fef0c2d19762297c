using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
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
public sealed partial class ComposeFileGenerator(
    DistributedApplicationModel model,
    DistributedApplicationExecutionContext executionContext,
    IReadOnlyList<DeploymentFolder> folders,
    string repositoryRoot,
    ILogger logger)
{
    /// <summary>The compose project name, so containers and networks are named alike on every server.</summary>
    public const string ProjectName = "photofactory";

    /// <summary>Where the compose file lives, relative to the repository root; the image builds use it as context.</summary>
    public const string DeployFolder = "deploy";

    private const string Restart = "unless-stopped";

    private readonly Dictionary<string, ParameterResource> _variables = [];
    private readonly HashSet<DeploymentFolder> _usedFolders = [];
    private readonly HashSet<(string Service, DeploymentFolder Folder)> _projectFolders = [];
    private bool _usesHostUser;
    private bool _usesDockerSocket;

    public async Task<ComposeOutput> GenerateAsync(CancellationToken cancellationToken)
    {
        var services = new YamlMap();
        var volumes = new YamlMap();
        var deployable = model.Resources.Where(IsService).ToList();
        var healthy = new HashSet<string>();
        var entries = new List<(IResource Resource, YamlMap Service)>();

        foreach (var resource in deployable)
        {
            var service = resource switch
            {
                ContainerResource container => await ContainerAsync(container, volumes, cancellationToken),
                ProjectResource project => await ProjectAsync(project, cancellationToken),
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

        var header =
            "# Photo Factory in production: generated from the AppHost's model, do not edit by hand.\n" +
            $"# Refresh: {ComposePublishing.RefreshCommand}\n" +
            "# Settings and secrets come from .env beside this file (start from .env.example); see docs/deploy.md.\n";
        return new ComposeOutput(header + compose.ToYaml(), EnvExample());
    }

    private static bool IsService(IResource resource) =>
        resource is ContainerResource or ProjectResource
        && !resource.Annotations.OfType<ManifestPublishingCallbackAnnotation>().Any(callback => callback.Callback is null);

    private async Task<YamlMap> ContainerAsync(ContainerResource container, YamlMap volumes, CancellationToken cancellationToken)
    {
        if (!container.TryGetContainerImageName(out var image))
        {
            throw new InvalidOperationException($"{container.Name} has no image");
        }

        var environment = await EnvironmentAsync(container, cancellationToken);
        var service = new YamlMap { { "image", image } };
        if (container.Entrypoint is { Length: > 0 } entrypoint)
        {
            service.Add("entrypoint", entrypoint);
        }

        if (container.Annotations.OfType<CommandLineArgsCallbackAnnotation>().Any())
        {
            throw new InvalidOperationException($"{container.Name} has arguments; the compose generator does not write them yet");
        }

        service.Add("restart", Restart);
        var variables = new YamlMap();
        foreach (var (name, value) in environment)
        {
            variables.Add(name, Resolve(value, container.Name));
        }

        if (ImageFacts.StartsAsRootAndSwitchesToPuid(image))
        {
            variables.Add("PUID", HostUser("PUID"));
            variables.Add("PGID", HostUser("PGID"));
        }

        if (variables.Count > 0)
        {
            service.Add("environment", variables);
        }

        var ports = Ports(container, targetPortOf: endpoint => endpoint.TargetPort ?? endpoint.Port
            ?? throw new InvalidOperationException($"{container.Name}/{endpoint.Name} has no port"));
        if (ports.Count > 0)
        {
            service.Add("ports", ports);
        }

        var mounts = new List<object>();
        foreach (var mount in container.Annotations.OfType<ContainerMountAnnotation>())
        {
            mounts.Add(mount.Type switch
            {
                ContainerMountType.Volume => NamedVolume(container, mount, volumes),
                _ => BindMount(container, mount),
            });
        }

        mounts.AddRange(DockerSockets(container));
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
            service.Add("healthcheck", check);
        }

        await RuntimeArgumentsAsync(container, service, cancellationToken);

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

    private async Task<YamlMap> ProjectAsync(ProjectResource project, CancellationToken cancellationToken)
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
                    { "dockerfile", Path.GetRelativePath(repositoryRoot, dockerfile).Replace('\\', '/') },
                }
            },
            { "image", $"{ProjectName}/{project.Name}:local" },
            { "restart", Restart },
            // The same user as Syncthing, so the Librarian can move what Syncthing wrote into the inbox.
            { "user", $"{HostUser("PUID")}:{HostUser("PGID")}" },
        };

        var variables = new YamlMap();
        foreach (var (name, value) in await EnvironmentAsync(project, cancellationToken))
        {
            // Compose has no certificates: the services talk plain HTTP on the compose network.
            if (name.Contains("__https__", StringComparison.Ordinal))
            {
                continue;
            }

            variables.Add(name, Resolve(value, project.Name));
        }

        service.Add("environment", variables);

        var ports = Ports(project, targetPortOf: _ => ImageFacts.ProjectPort, include: endpoint => endpoint.UriScheme == "http");
        if (ports.Count > 0)
        {
            service.Add("ports", ports);
        }

        var readOnly = project.Annotations.OfType<ReadOnlyFolderAnnotation>().Select(annotation => annotation.Parameter).ToHashSet();
        var mounts = folders.Where(folder => _projectFolders.Contains((project.Name, folder))).Select(folder => (object)new YamlMap
        {
            { "type", "bind" },
            { "source", FolderVariable(folder) },
            { "target", folder.ContainerPath },
            { "read_only", folder.Parameter is { } parameter && readOnly.Contains(parameter) },
        }).ToList();
        mounts.AddRange(DockerSockets(project));
        if (mounts.Count > 0)
        {
            service.Add("volumes", mounts);
        }

        if (project.Annotations.OfType<DockerSocketAnnotation>().Any())
        {
            // The service runs as PUID:PGID, which is not in the socket's group unless told: without it every call is
            // "permission denied".
            service.Insert(service.FindIndex(entry => entry.Key == "user") + 1,
                new KeyValuePair<string, object>("group_add", new List<object> { "${DOCKER_GID:?set DOCKER_GID in .env}" }));
        }

        if (project.Annotations.OfType<HealthCheckAnnotation>().Any())
        {
            service.Add("healthcheck", ImageFacts.ProjectHealthCheck());
        }

        return service;
    }

    private List<object> Ports(IResource resource, Func<EndpointAnnotation, int> targetPortOf, Func<EndpointAnnotation, bool>? include = null)
    {
        var ports = new List<object>();
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            // Host ports exactly as the AppHost declares them; an endpoint without one stays on the compose network.
            if (endpoint.Port is not int published || (include is not null && !include(endpoint)))
            {
                continue;
            }

            ports.Add(new YamlMap
            {
                { "target", targetPortOf(endpoint) },
                { "published", published },
                { "protocol", endpoint.Protocol == ProtocolType.Udp ? "udp" : "tcp" },
            });
        }

        return ports;
    }

    /// <summary>The host's Docker socket (<c>DOCKER_SOCKET</c>, the usual path by default), where the AppHost records that a resource needs it.</summary>
    private IEnumerable<object> DockerSockets(IResource resource) =>
        resource.Annotations.OfType<DockerSocketAnnotation>().Select(socket =>
        {
            _usesDockerSocket = true;
            return (object)new YamlMap
            {
                { "type", "bind" },
                { "source", $"${{DOCKER_SOCKET:-{DockerSocketAnnotation.DefaultPath}}}" },
                { "target", socket.Path },
                { "read_only", socket.IsReadOnly },
            };
        });

    private static YamlMap NamedVolume(ContainerResource container, ContainerMountAnnotation mount, YamlMap volumes)
    {
        if (string.IsNullOrEmpty(mount.Source))
        {
            throw new InvalidOperationException($"{container.Name}: the volume at {mount.Target} has no name; name it so its data survives");
        }

        if (!volumes.ContainsKey(mount.Source))
        {
            // Named as in the AppHost, not prefixed with the project name, so both find the same data.
            volumes.Add(mount.Source, new YamlMap { { "name", mount.Source } });
        }

        return new YamlMap { { "type", "volume" }, { "source", mount.Source }, { "target", mount.Target }, { "read_only", mount.IsReadOnly } };
    }

    private YamlMap BindMount(ContainerResource container, ContainerMountAnnotation mount)
    {
        var source = Path.GetFullPath(mount.Source!);
        var folder = folders.SingleOrDefault(folder => string.Equals(Path.TrimEndingDirectorySeparator(folder.HostPath), Path.TrimEndingDirectorySeparator(source), StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"{container.Name} mounts {source}, which is no deployment folder; a compose file must never name this machine's paths");
        return new YamlMap { { "type", "bind" }, { "source", FolderVariable(folder) }, { "target", mount.Target }, { "read_only", mount.IsReadOnly } };
    }

    private string FolderVariable(DeploymentFolder folder)
    {
        _usedFolders.Add(folder);
        return $"${{{folder.Variable}:?set {folder.Variable} in .env}}";
    }

    private string HostUser(string variable)
    {
        _usesHostUser = true;
        return $"${{{variable}:-1000}}";
    }

    /// <summary>Translates runtime arguments the compose file can express; anything else stops the generator.</summary>
    private static async Task RuntimeArgumentsAsync(ContainerResource container, YamlMap service, CancellationToken cancellationToken)
    {
        var args = new List<object>();
        foreach (var annotation in container.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>())
        {
            await annotation.Callback(new ContainerRuntimeArgsCallbackContext(args, cancellationToken));
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] as string ?? throw new InvalidOperationException($"{container.Name}: runtime argument {args[i]} is not text");
            if (arg.StartsWith("--shm-size=", StringComparison.Ordinal))
            {
                service.Add("shm_size", arg["--shm-size=".Length..]);
            }
            else if (arg == "--gpus" && container.Annotations.OfType<GpuRequestAnnotation>().Any())
            {
                i++; // the reservation written from GpuRequestAnnotation replaces it
            }
            else
            {
                throw new InvalidOperationException($"{container.Name}: the runtime argument '{arg}' has no compose form in the generator");
            }
        }
    }

    private YamlMap DependsOn(IResource resource, HashSet<string> healthy)
    {
        var dependsOn = new YamlMap();
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            var target = wait.Resource;
            while (target is IResourceWithParent child && !IsService(target))
            {
                target = child.Parent;
            }

            if (!IsService(target) || dependsOn.ContainsKey(target.Name))
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

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> EnvironmentAsync(IResource resource, CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(executionContext, logger, cancellationToken);
        return [.. configuration.EnvironmentVariables];
    }

    /// <summary>
    /// A manifest expression (<c>{factory-db.bindings.tcp.host}</c>, <c>{photofactory.connectionString}</c>,
    /// <c>{inbox-path.value}</c>) as the service sees it in the compose file; literal <c>$</c> is escaped.
    /// </summary>
    private string Resolve(string value, string service)
    {
        var text = new StringBuilder();
        var position = 0;
        foreach (Match match in Placeholder().Matches(value))
        {
            text.Append(value.AsSpan(position, match.Index - position).ToString().Replace("$", "$$", StringComparison.Ordinal));
            text.Append(ResolvePlaceholder(match.Groups["resource"].Value, match.Groups["path"].Value, service));
            position = match.Index + match.Length;
        }

        text.Append(value[position..].Replace("$", "$$", StringComparison.Ordinal));
        return text.ToString();
    }

    private string ResolvePlaceholder(string name, string path, string service)
    {
        var resource = model.Resources.SingleOrDefault(resource => resource.Name == name)
            ?? throw new InvalidOperationException($"{service} refers to {name}, which is not in the model");

        if (resource is ParameterResource parameter && path is "value" or "inputs.value")
        {
            if (folders.SingleOrDefault(folder => folder.Parameter == parameter.Name) is { } folder)
            {
                // A host folder: mounted into the service, which reads it at its path inside the container.
                _projectFolders.Add((service, folder));
                return folder.ContainerPath;
            }

            _variables.TryAdd(parameter.Name, parameter);
            var variable = parameter.VariableName();
            return parameter.Annotations.OfType<OptionalInDeploymentAnnotation>().Any()
                ? $"${{{variable}:-}}"
                : $"${{{variable}:?set {variable} in .env}}";
        }

        if (path == "connectionString" && resource is IResourceWithConnectionString withConnectionString)
        {
            return Resolve(withConnectionString.ConnectionStringExpression.ValueExpression, service);
        }

        var binding = BindingPath().Match(path);
        if (binding.Success)
        {
            var endpoint = resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(endpoint => endpoint.Name == binding.Groups["endpoint"].Value)
                ?? throw new InvalidOperationException($"{service} refers to {name}'s endpoint {binding.Groups["endpoint"].Value}, which it does not have");
            if (endpoint.UriScheme == "https")
            {
                throw new InvalidOperationException($"{service} refers to {name}'s https endpoint; the compose network is plain HTTP");
            }

            // On the compose network a service is reached by its name at the port it listens on.
            var port = resource is ProjectResource ? ImageFacts.ProjectPort : endpoint.TargetPort ?? endpoint.Port
                ?? throw new InvalidOperationException($"{name}/{endpoint.Name} has no port");
            return binding.Groups["property"].Value switch
            {
                "host" => name,
                "port" or "targetPort" => port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "url" => $"{endpoint.UriScheme}://{name}:{port}",
                "scheme" => endpoint.UriScheme,
                "tlsEnabled" => "false",
                var other => throw new InvalidOperationException($"{service} refers to {name}'s endpoint property {other}, which the generator does not know"),
            };
        }

        throw new InvalidOperationException($"{service} refers to {{{name}.{path}}}, which the compose generator cannot express");
    }

    private string EnvExample()
    {
        var env = new StringBuilder();
        env.Append("# Photo Factory's settings for docker-compose.yml: copy to .env beside it and fill in every empty value.\n");
        env.Append($"# Generated from the AppHost's model with: {ComposePublishing.RefreshCommand}\n\n");
        env.Append("# Names the containers, the network and the images alike on every server.\n");
        env.Append($"COMPOSE_PROJECT_NAME={ProjectName}\n");

        if (_usedFolders.Count > 0)
        {
            env.Append("\n# Host folders. Create them before the first start, owned by PUID:PGID (docs/deploy.md).\n");
            foreach (var folder in folders.Where(_usedFolders.Contains))
            {
                env.Append($"# {folder.Description}.\n{folder.Variable}={folder.Example}\n");
            }
        }

        if (_usesHostUser)
        {
            env.Append("\n# The user and group that own the host folders; the services and Syncthing run as them.\n");
            env.Append("PUID=1000\nPGID=1000\n");
        }

        if (_usesDockerSocket)
        {
            env.Append("\n# The Docker socket, which the Monitor (container states), the Dashboard (container logs) and Homepage read.\n");
            env.Append($"DOCKER_SOCKET={DockerSocketAnnotation.DefaultPath}\n");
            env.Append("# Its group, which the Monitor and the Dashboard join to read it: the output of stat -c %g /var/run/docker.sock\n");
            env.Append("DOCKER_GID=\n");
        }

        foreach (var parameter in _variables.Values)
        {
            env.Append('\n');
            if (parameter.Description is { Length: > 0 } description)
            {
                env.Append($"# {description}\n");
            }

            if (parameter.Default is GenerateParameterDefault generate)
            {
                env.Append($"# Secret: at least {generate.MinLength} characters, letters and digits only, e.g. the output of: openssl rand -hex 16\n");
            }
            else if (parameter.Secret)
            {
                env.Append("# Secret.\n");
            }

            if (parameter.Annotations.OfType<OptionalInDeploymentAnnotation>().Any())
            {
                env.Append("# May stay empty.\n");
            }

            env.Append($"{parameter.VariableName()}=\n");
        }

        return env.ToString();
    }

    [GeneratedRegex(@"\{(?<resource>[A-Za-z0-9_-]+)\.(?<path>[A-Za-z0-9_.-]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^bindings\.(?<endpoint>[A-Za-z0-9_-]+)\.(?<property>[A-Za-z]+)$")]
    private static partial Regex BindingPath();
}
