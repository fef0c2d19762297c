using System.Diagnostics;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// The committed compose file through Debian's <c>docker-compose config</c>, which parses, interpolates and
/// validates without a Docker daemon. The secrets come from the environment, as a deployer's shell or .env gives them.
/// </summary>
public sealed class DockerComposeConfigTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["SYNCTHING_API_KEY"] = "syncthingapikey0123456789",
        ["SYNCTHING_GUI_USER"] = "photofactory",
        ["IMMICH_DB_PASSWORD"] = "immichdbpassword0123456789",
        ["PUBLIC_HOST"] = "photos.home.arpa",
        ["DASHBOARD_API_KEY"] = "dashboardapikey0123456789",
    };

    [Fact]
    public async Task Docker_compose_accepts_the_committed_file_with_the_example_env()
    {
        var (exitCode, _, errors) = await DockerComposeAsync(Secrets, "config", "-q");

        Assert.True(exitCode == 0, $"docker-compose config rejected deploy/docker-compose.yml:\n{errors}");
    }

    [Fact]
    public async Task Docker_compose_keeps_udp_ports_gpu_reservations_and_health_conditions()
    {
        var (exitCode, output, errors) = await DockerComposeAsync(Secrets, "config");

        Assert.True(exitCode == 0, errors);
        var config = YamlAsJson.Parse(output);
        var syncthingPorts = config["services"]!["syncthing"]!["ports"]!.AsArray();
        Assert.Contains(syncthingPorts, port => port!["published"]!.ToString() == "21027" && port["protocol"]!.ToString() == "udp");
        Assert.Equal("nvidia", config["services"]!["immich-machine-learning"]!["deploy"]!["resources"]!["reservations"]!["devices"]![0]!["driver"]!.ToString());
        Assert.Equal("service_healthy", config["services"]!["librarian"]!["depends_on"]!["factory-db"]!["condition"]!.ToString());
        // The catalogue's passwords are files beside the compose file (SECRETS_PATH=./secrets), never in the environment.
        Assert.Contains("ConnectionStrings__photofactory: Host=factory-db;Port=5432;Username=librarian;Database=photofactory", output);
        Assert.Contains("PhotoFactory__CatalogPassword_FILE: /run/secrets/librarian-db-password", output);
        Assert.Equal(Path.Combine(PublishedCompose.CommittedFolder, "secrets", "factory-db-password"), config["secrets"]!["factory-db-password"]!["file"]!.ToString());
        Assert.DoesNotContain("Password=", output);
    }

    [Fact]
    public async Task Docker_compose_refuses_to_start_without_the_secrets_and_names_the_missing_one()
    {
        var (exitCode, _, errors) = await DockerComposeAsync(new Dictionary<string, string>(), "config", "-q");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("set SYNCTHING_API_KEY in .env", errors);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> DockerComposeAsync(IReadOnlyDictionary<string, string> environment, params string[] command)
    {
        var deploy = PublishedCompose.CommittedFolder;
        var start = new ProcessStartInfo("docker-compose")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppHostBuilder.RepositoryRoot,
        };
        foreach (var argument in (string[])["-f", Path.Combine(deploy, "docker-compose.yml"), "--env-file", Path.Combine(deploy, ".env.example"), .. command])
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test gives: a variable left in this machine's environment must not make the file pass.
        foreach (var variable in Secrets.Keys)
        {
            start.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            Assert.Fail($"docker-compose is not installed ({exception.Message}); install Debian's package: apt-get install docker-compose (.ci/run does)");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
