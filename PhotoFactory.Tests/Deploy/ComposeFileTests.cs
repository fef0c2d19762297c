using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using PhotoFactory.AppHost;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>What the generated compose file promises a server: every service, as the AppHost declares it.</summary>
public sealed partial class ComposeFileTests(PublishedCompose published, PublishModel model)
    : IClassFixture<PublishedCompose>, IClassFixture<PublishModel>
{
    public static TheoryData<string> DotNetServices => ["librarian", "monitor", "dashboard"];

    private IEnumerable<IResource> Deployable =>
        model.Model.Resources.Where(resource => resource is ContainerResource or ProjectResource);

    [Fact]
    public void Every_container_and_project_of_the_apphost_is_a_service()
    {
        Assert.Equal(
            Deployable.Select(resource => resource.Name).Order(),
            published.Services.Select(service => service.Key).Order());
    }

    [Fact]
    public void Third_party_images_are_pinned_to_the_apphost_tags()
    {
        foreach (var container in Deployable.OfType<ContainerResource>())
        {
            var image = published.Service(container.Name)["image"]!.GetValue<string>();

            Assert.Equal(container.Image(), image);
            Assert.Matches(@":[^/:]+$", image);
            Assert.DoesNotContain(":latest", image);
        }
    }

    [Theory]
    [MemberData(nameof(DotNetServices))]
    public void Dotnet_service_is_built_from_its_dockerfile_in_the_repository(string name)
    {
        var service = published.Service(name);
        var build = service["build"]!;
        var dockerfile = build["dockerfile"]!.GetValue<string>();

        Assert.Equal("..", build["context"]!.GetValue<string>());
        Assert.Equal($"{ProjectFolder(name)}/Dockerfile", dockerfile);
        Assert.True(File.Exists(Path.Combine(AppHostBuilder.RepositoryRoot, dockerfile)), dockerfile);
        Assert.Equal($"photofactory/{name}:local", service["image"]!.GetValue<string>());
    }

    [Fact]
    public void Host_ports_are_exactly_the_external_ones_the_apphost_declares_with_their_protocol()
    {
        foreach (var resource in Deployable)
        {
            var declared = resource.Annotations.OfType<EndpointAnnotation>()
                .Where(endpoint => endpoint.IsExternal && endpoint.Port is not null && endpoint.UriScheme != "https")
                .Select(endpoint => $"{endpoint.Port}/{(endpoint.Protocol == ProtocolType.Udp ? "udp" : "tcp")}")
                .Order();
            var published = Ports(resource.Name).Select(port => $"{port.Published}/{port.Protocol}").Order();

            Assert.Equal(declared, published);
        }
    }

    [Fact]
    public void Only_what_users_open_is_published_on_the_host()
    {
        // The Dashboard, Homepage, Immich, Syncthing's GUI and its sync and discovery ports. Databases, the cache and
        // machine learning answer only on the compose network: Docker's published ports bypass the host's firewall.
        string[] opened = ["dashboard 8501/tcp", "homepage 3000/tcp", "immich-server 2283/tcp",
            "syncthing 8384/tcp", "syncthing 22000/tcp", "syncthing 22000/udp", "syncthing 21027/udp"];

        var publishedPorts = published.Services.SelectMany(service => Ports(service.Key).Select(port => $"{service.Key} {port.Published}/{port.Protocol}"));

        Assert.Equal(opened.Order(), publishedPorts.Order());
    }

    [Fact]
    public void The_databases_the_cache_and_machine_learning_listen_on_the_compose_network_only()
    {
        foreach (var (service, port) in new[] { ("factory-db", "5432"), ("immich-db", "5432"), ("immich-cache", "6379"), ("immich-machine-learning", "3003") })
        {
            Assert.Empty(Ports(service));
            Assert.Equal([port], published.Service(service)["expose"]!.AsArray().Select(p => p!.GetValue<string>()));
        }
    }

    [Theory]
    [InlineData("librarian")]
    [InlineData("monitor")]
    [InlineData("dashboard")]
    public void The_dotnet_services_run_without_privileges_on_a_read_only_root(string name)
    {
        var service = published.Service(name);

        Assert.True(service["read_only"]!.GetValue<bool>(), $"{name}: the root file system is writable");
        Assert.Equal(["/tmp"], service["tmpfs"]!.AsArray().Select(path => path!.GetValue<string>()));
        Assert.Equal(["ALL"], service["cap_drop"]!.AsArray().Select(cap => cap!.GetValue<string>()));
        Assert.Contains("no-new-privileges:true", service["security_opt"]!.AsArray().Select(option => option!.GetValue<string>()));
        Assert.Null(service["cap_add"]);
        Assert.Null(service["privileged"]);
    }

    [Theory]
    [InlineData("immich-db", "ghcr.io/immich-app/postgres:14-vectorchord0.4.3-pgvectors0.2.0@sha256:bcf63357191b76a916ae5eb93464d65c07511da41e3bf7a8416db519b40b1c23")]
    [InlineData("immich-cache", "docker.io/valkey/valkey:9@sha256:546304417feac0874c3dd576e0952c6bb8f06bb4093ea0c9ca303c73cf458f63")]
    public void Immich_s_database_and_cache_are_pinned_by_tag_and_the_digest_immich_s_compose_file_gives(string name, string image)
    {
        // The digests as in immich-app/immich docker/docker-compose.yml; the engine pulls by digest, people read the tag.
        Assert.Equal(image, published.Service(name)["image"]!.GetValue<string>());
    }

    [Fact]
    public void Syncthing_publishes_its_sync_and_discovery_ports_over_udp()
    {
        var ports = Ports("syncthing");

        Assert.Contains((22000, 22000, "tcp"), ports);
        Assert.Contains((22000, 22000, "udp"), ports);
        Assert.Contains((21027, 21027, "udp"), ports);
        Assert.Contains((8384, 8384, "tcp"), ports);
    }

    [Fact]
    public void Dashboard_is_published_on_8501_and_listens_on_8080_in_its_container()
    {
        Assert.Equal([(8080, 8501, "tcp")], Ports("dashboard"));
        Assert.Empty(Ports("librarian"));
    }

    [Fact]
    public void Volumes_are_named_as_in_the_apphost_without_a_project_prefix()
    {
        var volumes = published.Compose["volumes"]!.AsObject();

        Assert.Equal(
            ["photofactory-db-data", "photofactory-immich-db-data", "photofactory-immich-model-cache", "photofactory-immich-upload"],
            volumes.Select(volume => volume.Key).Order());
        Assert.All(volumes, volume => Assert.Equal(volume.Key, volume.Value!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Bind_mounts_take_their_host_paths_from_env_variables_never_a_machine_path()
    {
        foreach (var (name, mount) in Mounts().Where(mount => mount.Mount["type"]!.GetValue<string>() == "bind"))
        {
            var source = mount["source"]!.GetValue<string>();
            var variable = VariableReference().Match(source);
            Assert.True(variable.Success, $"{name} mounts {source}, not a variable");
            Assert.True(published.EnvExample.ContainsKey(variable.Groups["name"].Value), $"{variable.Groups["name"].Value} is not in .env.example");
        }

        Assert.DoesNotContain(AppHostBuilder.RepositoryRoot, published.ComposeText);
        // Anything under this machine's temporary folder ("/tmp/..."); the services' own tmpfs at "/tmp" is no path of it.
        Assert.DoesNotContain(Path.EndsInDirectorySeparator(Path.GetTempPath()) ? Path.GetTempPath() : Path.GetTempPath() + "/", published.ComposeText);
    }

    [Theory]
    [InlineData("syncthing", "/var/syncthing/Sync", "INBOX_PATH", false)]
    [InlineData("syncthing", "/var/syncthing/config", "SYNCTHING_CONFIG_PATH", false)]
    [InlineData("syncthing", "/photofactory", "SYNCTHING_START_PATH", true)]
    [InlineData("immich-server", "/mnt/media/originals", "ORIGINALS_PATH", true)]
    [InlineData("homepage", "/app/config", "HOMEPAGE_CONFIG_PATH", false)]
    [InlineData("librarian", "/data/inbox", "INBOX_PATH", false)]
    [InlineData("librarian", "/data/originals", "ORIGINALS_PATH", false)]
    [InlineData("librarian", "/data/quarantine", "QUARANTINE_PATH", false)]
    [InlineData("librarian", "/data/app", "APP_DATA_PATH", false)]
    [InlineData("monitor", "/data/inbox", "INBOX_PATH", true)]
    [InlineData("monitor", "/data/originals", "ORIGINALS_PATH", true)]
    [InlineData("monitor", "/data/app", "APP_DATA_PATH", false)]
    [InlineData("dashboard", "/data/app", "APP_DATA_PATH", false)]
    public void Host_folder_is_mounted_from_its_env_variable(string service, string target, string variable, bool readOnly)
    {
        var mount = Assert.Single(Mounts(), mount => mount.Service == service && mount.Mount["target"]!.GetValue<string>() == target).Mount;

        Assert.Equal("bind", mount["type"]!.GetValue<string>());
        Assert.StartsWith($"${{{variable}", mount["source"]!.GetValue<string>());
        Assert.Equal(readOnly, mount["read_only"]!.GetValue<bool>());
    }

    [Fact]
    public void Librarian_reads_its_folders_where_they_are_mounted()
    {
        var environment = Environment("librarian");

        Assert.Equal("/data/inbox", environment["PhotoFactory__Inbox"]);
        Assert.Equal("/data/originals", environment["PhotoFactory__Originals"]);
        Assert.Equal("/data/quarantine", environment["PhotoFactory__Quarantine"]);
        Assert.Equal("/data/app", environment["PhotoFactory__DataDirectory"]);
    }

    /// <summary>Handed over as files: every consumer reads them from a file (the postgres image, the init script, the .NET services).</summary>
    private static readonly string[] FileSecrets =
        ["dashboard-db-password", "dashboard-password-hash", "factory-db-password", "librarian-db-password", "monitor-db-password", "syncthing-gui-password"];

    [Fact]
    public void Secrets_are_files_where_every_consumer_reads_files_else_variables_and_the_example_env_holds_no_value_for_them()
    {
        var secrets = model.Model.Resources.OfType<ParameterResource>().Where(parameter => parameter.Secret).Select(parameter => parameter.Name).ToList();
        Assert.Equal(FileSecrets, secrets.Where(FileSecrets.Contains).Order(StringComparer.Ordinal));
        var files = published.Compose["secrets"]!.AsObject();
        Assert.Equal(FileSecrets, files.Select(secret => secret.Key));
        foreach (var name in secrets)
        {
            var variable = name.Replace('-', '_').ToUpperInvariant();
            if (FileSecrets.Contains(name))
            {
                Assert.Equal($"${{SECRETS_PATH:?set SECRETS_PATH in .env}}/{name}", files[name]!["file"]!.ToString());
                Assert.DoesNotContain($"${{{variable}", published.ComposeText, StringComparison.Ordinal);
                Assert.False(published.EnvExample.ContainsKey(variable), $"{variable} is a file, not a variable in .env.example");
                Assert.Contains($"#   {name}", published.EnvExampleText, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains($"${{{variable}", published.ComposeText, StringComparison.Ordinal);
                Assert.Equal("", published.EnvExample[variable]);
            }
        }

        Assert.Equal("./secrets", published.EnvExample["SECRETS_PATH"]);
        // A service gets a secret mounted only where it names it.
        Assert.Equal(["factory-db-password", "librarian-db-password", "monitor-db-password", "dashboard-db-password"],
            published.Service("factory-db")["secrets"]!.AsArray().Select(secret => secret!.ToString()));
        Assert.Equal(["monitor-db-password", "syncthing-gui-password"], published.Service("monitor")["secrets"]!.AsArray().Select(secret => secret!.ToString()));
        Assert.Equal("/run/secrets/syncthing-gui-password", Environment("monitor")["Monitor__Syncthing__GuiPassword_FILE"]);
        Assert.Equal(["syncthing-gui-password"], published.Service("syncthing")["secrets"]!.AsArray().Select(secret => secret!.ToString()));
        Assert.Equal("/run/secrets/syncthing-gui-password", Environment("syncthing")["SYNCTHING_GUI_PASSWORD_FILE"]);
        Assert.Equal("/run/secrets/dashboard-password-hash", Environment("dashboard")["Dashboard__Access__PasswordHash_FILE"]);

        Assert.Equal("/run/secrets/factory-db-password", Environment("factory-db")["POSTGRES_PASSWORD_FILE"]);
        Assert.Equal("${IMMICH_DB_PASSWORD:?set IMMICH_DB_PASSWORD in .env}", Environment("immich-server")["DB_PASSWORD"]);
        Assert.Equal("${SYNCTHING_API_KEY:?set SYNCTHING_API_KEY in .env}", Environment("syncthing")["STGUIAPIKEY"]);
    }

    [Theory]
    [MemberData(nameof(DotNetServices))]
    public void Dotnet_service_reaches_the_catalogue_by_its_compose_name_as_its_own_role(string name)
    {
        Assert.Equal($"Host=factory-db;Port=5432;Username={name};Database=photofactory", Environment(name)["ConnectionStrings__photofactory"]);
        // The role's password is a Compose secret, the same file for the service and for factory-db's init script.
        Assert.Equal($"/run/secrets/{name}-db-password", Environment(name)["PhotoFactory__CatalogPassword_FILE"]);
        Assert.Equal($"/run/secrets/{name}-db-password", Environment("factory-db")[$"{name.ToUpperInvariant()}_DB_PASSWORD_FILE"]);
        Assert.Equal("8080", Environment(name)["HTTP_PORTS"]);
    }

    [Fact]
    public void Immich_server_reaches_its_database_cache_and_machine_learning_by_compose_names()
    {
        var environment = Environment("immich-server");

        Assert.Equal("immich-db", environment["DB_HOSTNAME"]);
        Assert.Equal("5432", environment["DB_PORT"]);
        Assert.Equal("immich-cache", environment["REDIS_HOSTNAME"]);
        Assert.Equal("6379", environment["REDIS_PORT"]);
        Assert.Equal("http://immich-machine-learning:3003", environment["IMMICH_MACHINE_LEARNING_URL"]);
    }

    [Fact]
    public void Monitor_and_homepage_reach_the_other_services_on_the_compose_network()
    {
        Assert.Equal("http://syncthing:8384", Environment("monitor")["services__syncthing__http__0"]);
        Assert.Equal("http://dashboard:8080", Environment("homepage")["HOMEPAGE_VAR_DASHBOARD_URL"]);
        Assert.Equal("http://librarian:8080", Environment("homepage")["HOMEPAGE_VAR_LIBRARIAN_URL"]);
        Assert.Equal("http://monitor:8080", Environment("homepage")["HOMEPAGE_VAR_MONITOR_URL"]);
        Assert.DoesNotContain(published.Services, service => Environment(service.Key).Keys.Any(key => key.Contains("__https__", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_wait_for_health_in_the_apphost_is_a_depends_on_on_health_where_the_target_has_a_health_check()
    {
        foreach (var resource in Deployable)
        {
            var dependsOn = published.Service(resource.Name)["depends_on"]?.AsObject() ?? [];
            var waits = resource.Annotations.OfType<WaitAnnotation>()
                .GroupBy(wait => wait.Resource.Name == "photofactory" ? "factory-db" : wait.Resource.Name)
                .ToDictionary(group => group.Key, group => group.First().WaitType);

            Assert.Equal(waits.Keys.Order(), dependsOn.Select(entry => entry.Key).Order());
            foreach (var (target, condition) in dependsOn)
            {
                var expected = waits[target] == WaitType.WaitUntilHealthy && published.Service(target).ContainsKey("healthcheck") ? "service_healthy" : "service_started";
                Assert.Equal(expected, condition!["condition"]!.GetValue<string>());
            }
        }

        Assert.Equal("service_healthy", published.Service("librarian")["depends_on"]!["factory-db"]!["condition"]!.GetValue<string>());
        Assert.Equal("service_healthy", published.Service("immich-server")["depends_on"]!["immich-db"]!["condition"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("monitor")]
    [InlineData("dashboard")]
    public void Monitor_and_dashboard_start_once_the_librarian_has_started_so_they_can_show_an_unhealthy_one(string service)
    {
        Assert.Equal("service_started", published.Service(service)["depends_on"]!["librarian"]!["condition"]!.GetValue<string>());
        Assert.Equal("service_healthy", published.Service("immich-server")["depends_on"]!["immich-db"]!["condition"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("factory-db", "CMD pg_isready -h 127.0.0.1 -U postgres")]
    [InlineData("immich-db", "CMD pg_isready -h 127.0.0.1 -U postgres -d immich")]
    [InlineData("immich-cache", "CMD valkey-cli ping")]
    [InlineData("syncthing", "CMD-SHELL curl -fsS -m 5 -H \"X-API-Key: $$STGUIAPIKEY\" http://127.0.0.1:8384/rest/system/ping")]
    [InlineData("librarian", "CMD curl -fsS -m 5 http://127.0.0.1:8080/health")]
    [InlineData("monitor", "CMD curl -fsS -m 5 http://127.0.0.1:8080/health")]
    [InlineData("dashboard", "CMD curl -fsS -m 5 http://127.0.0.1:8080/health")]
    public void Service_checks_its_health_from_inside_its_container(string name, string test)
    {
        var check = published.Service(name)["healthcheck"]!;

        Assert.Equal(test, string.Join(' ', check["test"]!.AsArray().Select(part => part!.GetValue<string>())));
        Assert.NotNull(check["interval"]);
    }

    [Theory]
    [InlineData("immich-server")]
    [InlineData("immich-machine-learning")]
    [InlineData("homepage")]
    public void Service_uses_the_health_check_built_into_its_image(string name)
    {
        Assert.False(published.Service(name)["healthcheck"]!["disable"]!.GetValue<bool>());
    }

    [Fact]
    public void Every_service_restarts_unless_stopped()
    {
        Assert.All(published.Services, service => Assert.Equal("unless-stopped", service.Value!["restart"]!.GetValue<string>()));
    }

    [Fact]
    public void Gpu_reservation_is_on_the_containers_that_ask_for_one_and_only_there()
    {
        var asking = Deployable.Where(resource => resource.Annotations.OfType<GpuRequestAnnotation>().Any()).Select(resource => resource.Name).Order();
        var reserving = published.Services.Where(service => service.Value!["deploy"] is not null).Select(service => service.Key).Order();

        Assert.Equal(["immich-machine-learning", "immich-server"], asking);
        Assert.Equal(asking, reserving);
        foreach (var name in asking)
        {
            var device = Assert.Single(published.Service(name)["deploy"]!["resources"]!["reservations"]!["devices"]!.AsArray())!;
            Assert.Equal("nvidia", device["driver"]!.GetValue<string>());
            Assert.Equal(1, device["count"]!.GetValue<long>());
            Assert.Equal(["gpu"], device["capabilities"]!.AsArray().Select(capability => capability!.GetValue<string>()));
        }
    }

    [Fact]
    public void Only_the_socket_proxy_holds_the_docker_socket_read_only()
    {
        var sockets = Mounts().Where(mount => mount.Mount["source"]?.GetValue<string>().Contains("DOCKER_SOCKET", StringComparison.Ordinal) == true
            || mount.Mount["target"]?.GetValue<string>().EndsWith("docker.sock", StringComparison.Ordinal) == true).ToList();

        Assert.Equal(["docker-proxy"], sockets.Select(socket => socket.Service));
        Assert.All(sockets, socket => Assert.True(socket.Mount["read_only"]!.GetValue<bool>()));
        Assert.All(sockets, socket => Assert.Equal("${DOCKER_SOCKET:-/var/run/docker.sock}", socket.Mount["source"]!.GetValue<string>()));
        Assert.Equal("/var/run/docker.sock", published.EnvExample["DOCKER_SOCKET"]);
    }

    [Fact]
    public void The_socket_proxy_allows_reading_containers_and_refuses_every_write()
    {
        var proxy = Environment("docker-proxy");

        // Homepage shows container status; the Monitor checks container state, health and restarts; the Dashboard shows logs.
        Assert.Equal("1", proxy["CONTAINERS"]);
        Assert.Equal("0", proxy["POST"]);
        Assert.All(["EXEC", "IMAGES", "NETWORKS", "VOLUMES", "INFO"], family => Assert.Equal("0", proxy[family]));
        Assert.DoesNotContain(proxy, setting => setting.Value == "1" && setting.Key is not ("CONTAINERS" or "PING" or "VERSION"));
        Assert.Empty(Ports("docker-proxy"));
        Assert.Equal("tcp://docker-proxy:2375", Environment("monitor")["Monitor__Containers__Endpoint"]);
        Assert.Equal("tcp://docker-proxy:2375", Environment("dashboard")["Dashboard__DockerEndpoint"]);
        Assert.All(published.Services, service => Assert.Null(service.Value!["group_add"]));
        Assert.False(published.EnvExample.ContainsKey("DOCKER_GID"));
    }

    [Fact]
    public void Immich_database_gets_the_shared_memory_immich_asks_for()
    {
        Assert.Equal("128m", published.Service("immich-db")["shm_size"]!.GetValue<string>());
    }

    [Fact]
    public void Services_that_write_host_folders_run_as_the_folders_owner()
    {
        foreach (var name in new[] { "librarian", "monitor", "dashboard" })
        {
            Assert.Equal("${PUID:-1000}:${PGID:-1000}", published.Service(name)["user"]!.GetValue<string>());
        }

        Assert.Equal("${PUID:-1000}", Environment("syncthing")["PUID"]);
        Assert.Equal("1000", published.EnvExample["PUID"]);
    }

    [Fact]
    public void Every_variable_the_compose_file_uses_is_in_the_example_env()
    {
        var used = VariableReference().Matches(published.ComposeText).Select(match => match.Groups["name"].Value).Distinct();

        Assert.All(used, variable => Assert.True(published.EnvExample.ContainsKey(variable), $"{variable} is not in .env.example"));
        Assert.Equal("photofactory", published.EnvExample["COMPOSE_PROJECT_NAME"]);
    }

    [Fact]
    public void Example_env_lays_the_host_folders_out_like_the_apphost()
    {
        Assert.Equal("/srv/photofactory/Photos_Inbox", published.EnvExample["INBOX_PATH"]);
        Assert.Equal("/srv/photofactory/Storage/Originals", published.EnvExample["ORIGINALS_PATH"]);
        Assert.Equal("/srv/photofactory/Storage/Quarantine", published.EnvExample["QUARANTINE_PATH"]);
        Assert.Equal("/srv/photofactory/Stack/App_Data", published.EnvExample["APP_DATA_PATH"]);
        Assert.Equal("./homepage", published.EnvExample["HOMEPAGE_CONFIG_PATH"]);
    }

    private static string ProjectFolder(string service) => service switch
    {
        "librarian" => "PhotoFactory.Librarian",
        "monitor" => "PhotoFactory.Monitor",
        "dashboard" => "PhotoFactory.Dashboard",
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    private List<(int Target, int Published, string Protocol)> Ports(string service) =>
        [.. (published.Service(service)["ports"]?.AsArray() ?? []).Select(port => (
            (int)port!["target"]!.GetValue<long>(),
            (int)port["published"]!.GetValue<long>(),
            port["protocol"]!.GetValue<string>()))];

    private IEnumerable<(string Service, JsonObject Mount)> Mounts() =>
        published.Services.SelectMany(service => (service.Value!["volumes"]?.AsArray() ?? []).Select(mount => (service.Key, mount!.AsObject())));

    private Dictionary<string, string> Environment(string service) =>
        (published.Service(service)["environment"]?.AsObject() ?? []).ToDictionary(entry => entry.Key, entry => entry.Value!.GetValue<string>());

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)")]
    private static partial Regex VariableReference();
}
