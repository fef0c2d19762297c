using CliWrap;
using CliWrap.Buffered;
using Docker.DotNet;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// The real Docker engine the end-to-end tests run containers on, named by <c>PHOTOFACTORY_TEST_DOCKER</c>
/// (<c>.ci/run</c> starts one on a socket of its own and sets it). There is no fallback: without it, or when it does
/// not answer, the tests fail saying so. The machine's default socket is never used, so the tests that expect no
/// engine there keep meeting none.
/// </summary>
internal static class DockerEngine
{
    public const string EnvironmentVariable = "PHOTOFACTORY_TEST_DOCKER";

    public static Uri Endpoint =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? new Uri(configured)
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. The end-to-end tests run the factory's containers on a real Docker engine: " +
                $"run .ci/run (it starts one), or start dockerd as root with its own socket and set {EnvironmentVariable}=unix:///PATH/docker.sock.");

    /// <summary>The socket's path on this machine (the compose file mounts it into the Monitor and the Dashboard).</summary>
    public static string SocketPath => Endpoint.Scheme == "unix" ? Endpoint.LocalPath : throw new InvalidOperationException($"{EnvironmentVariable} must be a unix:// socket");

    public static DockerClient Client() => new DockerClientConfiguration(Endpoint).CreateClient();

    /// <summary>Fails the test at once, with the reason, when the engine does not answer.</summary>
    public static async Task RequireAsync()
    {
        var result = await TryAsync("docker", ["info", "--format", "{{.ServerVersion}}"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Docker engine at {Endpoint} ({EnvironmentVariable}) does not answer: {result.StandardError.Trim()}");
        }
    }

    public static Task<string> DockerAsync(params string[] arguments) => RunAsync("docker", arguments);

    /// <summary><c>docker-compose</c> (Debian's, 1.29) against the engine, from <paramref name="folder"/>.</summary>
    public static Task<string> ComposeAsync(string folder, params string[] arguments) => RunAsync("docker-compose", arguments, folder);

    public static async Task<string> RunAsync(string tool, IEnumerable<string> arguments, string? folder = null)
    {
        var list = arguments.ToList();
        var result = await TryAsync(tool, list, folder);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', list)} failed ({result.ExitCode}):\n{Tail(result.StandardError)}\n{Tail(result.StandardOutput)}");
        }

        return result.StandardOutput;
    }

    public static Task<BufferedCommandResult> TryAsync(string tool, IEnumerable<string> arguments, string? folder = null) =>
        Cli.Wrap(tool).WithArguments(arguments).WithWorkingDirectory(folder ?? Environment.CurrentDirectory)
            .WithEnvironmentVariables(env => env.Set("DOCKER_HOST", Endpoint.ToString()).Set("COMPOSE_HTTP_TIMEOUT", "300"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);

    private static string Tail(string text) => text.Length <= 8_000 ? text : "…" + text[^8_000..];
}
