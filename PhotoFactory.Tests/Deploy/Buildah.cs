using CliWrap;
using CliWrap.Buffered;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// buildah, the daemonless image builder, with its own image store in a folder of the test run's, so that nothing
/// is read from or left in the machine's store. Needs root: its builds chroot, and so does running a built image.
/// </summary>
internal sealed class Buildah(string folder)
{
    public static void RequireTools()
    {
        var missing = new[] { "buildah", "debootstrap", "unshare", "tar" }.Where(tool => Host.Find(tool) is null).ToList();
        if (missing.Count > 0 || Environment.UserName != "root")
        {
            throw new InvalidOperationException(
                "These tests build the services' images without a Docker daemon: they need root and buildah, debootstrap, unshare and tar"
                + (missing.Count > 0 ? $" ({string.Join(", ", missing)} missing)" : " (not root)")
                + ". Run .ci/run, or as root: apt-get install buildah debootstrap.");
        }
    }

    public Task<string> RunAsync(params string[] arguments) =>
        Host.RunAsync("buildah", ["--root", Path.Combine(folder, "storage"), "--runroot", Path.Combine(folder, "run"), "--storage-driver", "overlay", .. arguments]);

    /// <summary>A new working container from <paramref name="image"/> (or <c>scratch</c>), never pulled.</summary>
    public async Task<string> FromAsync(string image) => (await RunAsync("from", "--pull-never", image)).Trim();

    /// <summary>Where the working container's file system is on this machine, to write into directly.</summary>
    public async Task<string> MountAsync(string container) => (await RunAsync("mount", container)).Trim();

    /// <summary>Runs a command inside the working container, as Dockerfile's RUN would.</summary>
    public Task<string> RunInAsync(string container, params string[] command) =>
        RunAsync(["run", "--isolation", "chroot", container, "--", .. command]);

    public async Task CommitAsync(string container, string image)
    {
        await RunAsync("unmount", container);
        await RunAsync("commit", "--quiet", "--rm", container, image);
    }
}

/// <summary>Programs of this machine's, run to completion; a failure throws with what they said.</summary>
internal static class Host
{
    public static string? Find(string tool) =>
        new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .Select(directory => Path.Combine(directory, tool)).FirstOrDefault(File.Exists);

    public static async Task<string> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var result = await Cli.Wrap(Find(tool) ?? tool).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{Tail(result.StandardError)}\n{Tail(result.StandardOutput)}");
        }

        return result.StandardOutput;
    }

    /// <summary>The end of a long output, where a build says what went wrong.</summary>
    private static string Tail(string text) => text.Length <= 8_000 ? text : "…" + text[^8_000..];
}
