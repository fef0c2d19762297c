using System.Text;
using System.Net.Http.Headers;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PhotoFactory.AppHost.Publishing;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Tests.Deploy;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// The factory deployed as <c>docs/deploy.md</c> says, on the test engine: the committed <c>deploy/docker-compose.yml</c>
/// unchanged, a <c>.env</c> made from <c>.env.example</c> with fresh secrets, and host folders owned by PUID:PGID,
/// all in a throwaway folder. Only the services that have an image here are started; Immich, its machine learning
/// and Homepage have no Debian counterpart and are left out (see docs/deploy.md).
/// </summary>
internal sealed class FactoryDeployment : IAsyncDisposable
{
    /// <summary>The services this machine can run, in the order the compose file starts them.</summary>
    public static readonly string[] Started = ["factory-db", "syncthing", "docker-proxy", "librarian", "monitor", "dashboard"];

    /// <summary>The services without an image here: never started, reported by the Monitor as not running.</summary>
    public static readonly string[] NotStarted = ["immich-db", "immich-cache", "immich-machine-learning", "immich-server", "homepage"];

    public const string Owner = "1000";

    private readonly string _root;

    private FactoryDeployment(string root, IReadOnlyDictionary<string, string> env, IReadOnlyDictionary<string, string> secrets)
    {
        _root = root;
        Env = env;
        Secrets = secrets;
    }

    /// <summary>The <c>.env</c> the deployment runs with.</summary>
    public IReadOnlyDictionary<string, string> Env { get; }

    /// <summary>The secrets in files (<c>SECRETS_PATH</c>), by name, as step 2 of docs/deploy.md makes them.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; }

    public string Inbox => Env["INBOX_PATH"];

    public string Originals => Env["ORIGINALS_PATH"];

    public string Quarantine => Env["QUARANTINE_PATH"];

    /// <summary>A folder beside the deployment's, owned by PUID:PGID, for what the test itself runs (the phone).</summary>
    public async Task<string> FolderAsync(string name)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(path);
        await ChownAsync(path);
        return path;
    }

    public Uri DashboardUrl { get; } = new("http://127.0.0.1:8501/");

    /// <summary>The password the Dashboard's sign-in asks for; <c>.env</c> holds only its hash.</summary>
    public static string DashboardPassword { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public Uri SyncthingUrl { get; } = new("http://127.0.0.1:8384/");

    /// <summary>The compose network's name, where a second device can join the factory's Syncthing.</summary>
    public string Network => $"{Env["COMPOSE_PROJECT_NAME"]}_default";

    /// <summary>Makes the folders and the <c>.env</c> (steps 2 and 3 of docs/deploy.md); starts nothing.</summary>
    public static async Task<FactoryDeployment> PrepareAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the factory deploys to a Linux container engine");
        }

        var root = Path.Combine(Path.GetTempPath(), $"pf-e2e-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var example = File.ReadAllLines(Path.Combine(PublishedCompose.CommittedFolder, ComposePublishing.EnvExampleFileName));
        var env = new Dictionary<string, string>();
        foreach (var line in example.Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#')))
        {
            env[line[..line.IndexOf('=', StringComparison.Ordinal)]] = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        foreach (var secret in new[] { "SYNCTHING_API_KEY", "IMMICH_DB_PASSWORD", "DASHBOARD_API_KEY" })
        {
            env[secret] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        // The secrets that go as files: one per name in a private folder, each file readable by the containers, with a
        // line break at the end as `openssl rand -hex 16 > file` leaves it. The Dashboard's sign-in: only the hash.
        var secrets = new Dictionary<string, string>();
        foreach (var name in new[] { "factory-db-password", "librarian-db-password", "monitor-db-password", "dashboard-db-password", "syncthing-gui-password" })
        {
            secrets[name] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        secrets["dashboard-password-hash"] = PasswordHash.Create(DashboardPassword);
        var secretsFolder = Directory.CreateDirectory(Path.Combine(root, "secrets"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var (name, value) in secrets)
        {
            var file = Path.Combine(secretsFolder.FullName, name);
            await File.WriteAllTextAsync(file, value + "\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        env["SECRETS_PATH"] = secretsFolder.FullName;
        env["PUBLIC_HOST"] = "localhost";
        env["SYNCTHING_GUI_USER"] = "photofactory";
        env["PUID"] = Owner;
        env["PGID"] = Owner;
        // The engine's socket, which only the socket proxy mounts.
        env["DOCKER_SOCKET"] = DockerEngine.SocketPath;
        foreach (var (variable, folder) in new[]
        {
            ("INBOX_PATH", "Photos_Inbox"), ("ORIGINALS_PATH", "Storage/Originals"), ("QUARANTINE_PATH", "Storage/Quarantine"),
            ("APP_DATA_PATH", "Stack/App_Data"), ("SYNCTHING_CONFIG_PATH", "Stack/App_Data/syncthing"),
        })
        {
            env[variable] = Path.Combine(root, folder);
            Directory.CreateDirectory(env[variable]);
        }

        env["HOMEPAGE_CONFIG_PATH"] = Path.Combine(PublishedCompose.CommittedFolder, "homepage");
        env["FACTORY_DB_INIT_PATH"] = Path.Combine(PublishedCompose.CommittedFolder, "factory-db");
        env["SYNCTHING_START_PATH"] = Path.Combine(PublishedCompose.CommittedFolder, "syncthing");
        await Host.RunAsync("chown", ["-R", $"{Owner}:{Owner}", Path.Combine(root, "Photos_Inbox"), Path.Combine(root, "Storage"), Path.Combine(root, "Stack")]);
        File.WriteAllLines(Path.Combine(root, ".env"), env.Select(entry => $"{entry.Key}={entry.Value}"));

        // A fresh server: the named volumes (photofactory-*, shared by name with the AppHost's run) start empty, or
        // factory-db would keep another run's password.
        var deployment = new FactoryDeployment(root, env, secrets);
        await deployment.ComposeAsync("down", "--volumes");
        return deployment;
    }

    /// <summary><c>docker-compose up -d</c> of the services this machine has images for; the images are already in the engine.</summary>
    public Task UpAsync() => ComposeAsync(["up", "-d", "--no-build", .. Started]);

    public Task DownAsync() => ComposeAsync("down");

    public Task<string> ComposeAsync(params string[] arguments) =>
        DockerEngine.ComposeAsync(_root, ["--project-directory", PublishedCompose.CommittedFolder,
            "--file", Path.Combine(PublishedCompose.CommittedFolder, ComposePublishing.ComposeFileName),
            "--env-file", Path.Combine(_root, ".env"), .. arguments]);

    /// <summary>The container of a compose service, by the compose labels.</summary>
    public async Task<string> ContainerAsync(string service) =>
        (await DockerEngine.DockerAsync("ps", "--all", "--quiet", "--filter", $"label=com.docker.compose.project={Env["COMPOSE_PROJECT_NAME"]}",
            "--filter", $"label=com.docker.compose.service={service}")).Trim();

    /// <summary>The service's health as Docker's health check says it (healthy, unhealthy, starting).</summary>
    public async Task<string> HealthAsync(string service)
    {
        var container = await ContainerAsync(service);
        return container.Length == 0 ? "absent" : (await DockerEngine.DockerAsync("inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", container)).Trim();
    }

    /// <summary>
    /// Waits until Docker's health check calls each service healthy (or, for the socket proxy, which has none, until it
    /// runs); fails with the laggard's log otherwise.
    /// </summary>
    public async Task WaitHealthyAsync(IEnumerable<string> services, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var service in services)
        {
            string health;
            while ((health = await HealthAsync(service)) is not "healthy" and not "running")
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"{service} is {health}, not healthy, after {timeout}. Its log ends:\n{await LogsAsync(service)}");
                }

                // Docker runs the checks every few seconds; asking faster only loads the machine.
                await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            }
        }
    }

    public async Task<string> LogsAsync(string service)
    {
        var container = await ContainerAsync(service);
        if (container.Length == 0)
        {
            return "no container";
        }

        var result = await DockerEngine.TryAsync("docker", ["logs", "--tail", "30", container]);
        return result.StandardOutput + result.StandardError;
    }

    /// <summary>A query against the catalogue with psql inside the factory-db container, one line per row, columns split by |.</summary>
    public async Task<IReadOnlyList<string[]>> PsqlAsync(string sql)
    {
        var output = await DockerEngine.DockerAsync("exec", "--env", $"PGPASSWORD={Secrets["factory-db-password"]}", await ContainerAsync("factory-db"),
            "psql", "--host", "127.0.0.1", "--username", "postgres", "--dbname", "photofactory", "--no-align", "--tuples-only", "--command", sql);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('|'))];
    }

    /// <summary>The factory's Syncthing REST API with the key the factory was given.</summary>
    /// <summary>
    /// What Syncthing's GUI answers a browser on the network: its front page without the API key, with the given
    /// credentials or none; 0 while the GUI restarts.
    /// </summary>
    public async Task<HttpStatusCode> SyncthingGuiAsync((string User, string Password)? credentials = null)
    {
        using var client = new HttpClient { BaseAddress = SyncthingUrl, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (credentials is var (user, password))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        try
        {
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <summary>The user and password Syncthing's GUI is locked with, from the <c>.env</c> and the secrets folder.</summary>
    public (string User, string Password) SyncthingGuiCredentials => (Env["SYNCTHING_GUI_USER"], Secrets["syncthing-gui-password"]);

    public HttpClient Syncthing()
    {
        var client = new HttpClient { BaseAddress = SyncthingUrl };
        client.DefaultRequestHeaders.Add("X-API-Key", Env["SYNCTHING_API_KEY"]);
        return client;
    }

    public async Task<JsonObject> SummaryAsync()
    {
        using var client = new HttpClient { BaseAddress = DashboardUrl };
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, Env["DASHBOARD_API_KEY"]);
        return (await client.GetFromJsonAsync<JsonObject>("api/summary", TestContext.Current.CancellationToken))!;
    }

    /// <summary>Files written here as the test's root user belong to PUID:PGID, as a device's files would.</summary>
    public static Task ChownAsync(string path) => Host.RunAsync("chown", ["-R", $"{Owner}:{Owner}", path]);

    public async ValueTask DisposeAsync()
    {
        await DockerEngine.TryAsync("docker-compose", ["--project-directory", PublishedCompose.CommittedFolder,
            "--file", Path.Combine(PublishedCompose.CommittedFolder, ComposePublishing.ComposeFileName),
            "--env-file", Path.Combine(_root, ".env"), "down", "--volumes", "--timeout", "5"], _root);
        await Host.RunAsync("rm", ["-rf", "--one-file-system", _root]);
    }
}
