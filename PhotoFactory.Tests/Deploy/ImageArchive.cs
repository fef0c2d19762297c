using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// An image saved as a docker-archive (what <c>docker save</c> writes and <c>docker load</c> reads): its config as
/// a container runtime reads it, and its layers unpacked, in order, into one root file system.
/// </summary>
internal sealed class ImageArchive
{
    private const string Whiteout = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    private ImageArchive(JsonObject config, string root)
    {
        Config = config;
        Root = root;
    }

    /// <summary>The image config's <c>config</c>: Entrypoint, User, ExposedPorts, Env, WorkingDir.</summary>
    public JsonObject Config { get; }

    /// <summary>The unpacked file system, on this machine.</summary>
    public string Root { get; }

    public IReadOnlyList<string> Entrypoint => [.. Config["Entrypoint"]?.AsArray().Select(part => part!.GetValue<string>()) ?? []];

    public string User => Config["User"]?.GetValue<string>() ?? "";

    public IReadOnlyList<string> ExposedPorts => [.. Config["ExposedPorts"]?.AsObject().Select(port => port.Key) ?? []];

    public IReadOnlyList<string> Environment => [.. Config["Env"]?.AsArray().Select(variable => variable!.GetValue<string>()) ?? []];

    public string WorkingDirectory => Config["WorkingDir"]?.GetValue<string>() is { Length: > 0 } directory ? directory : "/";

    /// <summary>The path of a file of the image's, on this machine.</summary>
    public string PathOf(string pathInImage) => Path.Combine(Root, pathInImage.TrimStart('/'));

    /// <summary>The user the image runs as, resolved as a container runtime does: a number, or a name in its /etc/passwd.</summary>
    public (int Uid, int Gid) ResolveUser()
    {
        if (User.Length == 0)
        {
            return (0, 0);
        }

        var parts = User.Split(':', 2);
        var account = File.ReadLines(PathOf("/etc/passwd")).Select(line => line.Split(':'))
            .FirstOrDefault(fields => fields[0] == parts[0] || fields[2] == parts[0]);
        var uid = int.TryParse(parts[0], out var number) ? number
            : int.Parse(account?[2] ?? throw new InvalidOperationException($"user {parts[0]} is not in the image's /etc/passwd"));
        var gid = parts.Length > 1 ? int.Parse(parts[1]) : int.Parse(account?[3] ?? "0");
        return (uid, gid);
    }

    public static async Task<ImageArchive> UnpackAsync(string archive, string folder)
    {
        var files = Directory.CreateDirectory(Path.Combine(folder, "archive")).FullName;
        await TarFile.ExtractToDirectoryAsync(archive, files, overwriteFiles: false, TestContext.Current.CancellationToken);
        var manifest = Assert.Single(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(files, "manifest.json")))!.AsArray())!;
        var config = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(files, manifest["Config"]!.GetValue<string>())))!["config"]!.AsObject();

        var root = Directory.CreateDirectory(Path.Combine(folder, "rootfs")).FullName;
        foreach (var layer in manifest["Layers"]!.AsArray().Select(layer => Path.Combine(files, layer!.GetValue<string>())))
        {
            await ApplyLayerAsync(layer, root);
        }

        return new ImageArchive(config, root);
    }

    /// <summary>
    /// Runs a command in the image as its user, working folder and environment give it, the way a container would:
    /// in the image's root, with its own mount, process and network namespaces, the network being a loopback only.
    /// </summary>
    public async Task<BufferedCommandResult> RunAsync(IEnumerable<string> command, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (uid, gid) = ResolveUser();
        var variables = Environment.Concat((environment ?? new Dictionary<string, string>()).Select(variable => $"{variable.Key}={variable.Value}"));
        string[] container = [Host.Find("unshare") ?? "unshare", $"--root={Root}", $"--wd={WorkingDirectory}", $"--setuid={uid}", $"--setgid={gid}",
            "--mount", "--pid", "--fork", "--mount-proc", "/usr/bin/env", "-i", .. variables, .. command];
        // The network namespace comes first, so that its loopback can be brought up (as root, with this machine's ip) before the image's user takes over.
        return await Cli.Wrap(Host.Find("unshare") ?? "unshare")
            .WithArguments(["--net", "--fork", "/bin/sh", "-c", "\"$0\" link set lo up && exec \"$@\"", Host.Find("ip") ?? "ip", .. container])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs the image's entrypoint with arguments, as <c>docker run IMAGE ARGS</c> would.</summary>
    public Task<BufferedCommandResult> RunEntrypointAsync(params string[] arguments) => RunAsync([.. Entrypoint, .. arguments]);

    /// <summary>
    /// Starts the image's entrypoint and runs <paramref name="check"/> beside it in the same container once a second
    /// until it succeeds (exit 0) or the attempts run out (exit 1, with the entrypoint's output on standard error),
    /// as a compose health check does. The entrypoint ends with the container.
    /// </summary>
    public Task<BufferedCommandResult> CheckEntrypointAsync(IReadOnlyList<string> check, IReadOnlyDictionary<string, string> environment, int attempts)
    {
        var command = string.Join(' ', check.Select(argument => $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
        var script = $"log=$(mktemp); \"$0\" \"$@\" > \"$log\" 2>&1 & for attempt in $(seq {attempts}); do {command} && exit 0; sleep 1; done; cat \"$log\" >&2; exit 1";
        return RunAsync(["/bin/sh", "-c", script, .. Entrypoint], environment);
    }

    /// <summary>One layer over the ones below it: its whiteouts delete what they name from below, then its files are written.</summary>
    private static async Task ApplyLayerAsync(string layer, string root)
    {
        await using (var stream = await OpenLayerAsync(layer))
        {
            using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync(copyData: false, TestContext.Current.CancellationToken) is { } entry)
            {
                var name = Path.GetFileName(entry.Name.TrimEnd('/'));
                var directory = Path.Combine(root, Path.GetDirectoryName(entry.Name.TrimEnd('/')) ?? "");
                if (name == OpaqueWhiteout && Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                    Directory.CreateDirectory(directory);
                }
                else if (name.StartsWith(Whiteout, StringComparison.Ordinal))
                {
                    Delete(Path.Combine(directory, name[Whiteout.Length..]));
                }
            }
        }

        await Host.RunAsync("tar", ["--extract", "--file", layer, "--directory", root, "--numeric-owner", "--same-permissions", $"--exclude={Whiteout}*"]);
    }

    private static async Task<Stream> OpenLayerAsync(string layer)
    {
        var stream = File.OpenRead(layer);
        var magic = new byte[2];
        var gzip = await stream.ReadAsync(magic, TestContext.Current.CancellationToken) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        stream.Position = 0;
        return gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    private static void Delete(string path)
    {
        if (Directory.Exists(path) && !new DirectoryInfo(path).Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
