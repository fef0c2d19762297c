using System.Runtime.InteropServices;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// Stand-ins for Microsoft's .NET base images, made here because their registry cannot be reached, under the exact
/// names the Dockerfiles' FROM lines use, so that the real Dockerfiles build unchanged. They are laid out like
/// Microsoft's: .NET in /usr/share/dotnet, the unprivileged <c>app</c> user (uid 1654) and <c>APP_UID</c>, the SDK
/// image on top of the runtime image. Debian 12 (debootstrap) stands in for Ubuntu 24.04, and the .NET in them is
/// this machine's own SDK and runtimes. This is the only fake in the image tests; everything from the Dockerfiles
/// on is the real build.
/// </summary>
internal static class StandInBaseImages
{
    private const string Release = "bookworm";
    private const string AppUid = "1654";

    /// <summary>What debootstrap's minimal system lacks of Microsoft's runtime-deps image.</summary>
    private static readonly string[] RuntimePackages = ["ca-certificates", "libicu72", "tzdata"];

    /// <summary>What debootstrap leaves that no container needs: the downloaded packages, documentation, translations.</summary>
    internal static readonly string[] Unneeded = ["var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/locale", "usr/share/info"];

    /// <summary>The .NET installation these tests run on (shared/Microsoft.NETCore.App/VERSION is three levels down).</summary>
    private static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    public static async Task CreateAsync(Buildah buildah, string runtimeImage, string sdkImage)
    {
        await CreateRuntimeAsync(buildah, runtimeImage);
        await CreateSdkAsync(buildah, runtimeImage, sdkImage);
    }

    private static async Task CreateRuntimeAsync(Buildah buildah, string image)
    {
        var container = await buildah.FromAsync("scratch");
        var root = await buildah.MountAsync(container);
        await Host.RunAsync("debootstrap", ["--variant=minbase", $"--include={string.Join(',', RuntimePackages)}", Release, root]);
        // As Microsoft's images: no package cache, documentation or translations (a quarter of the image; the end-to-end
        // tests' engine stores with vfs, which copies the whole image for every container).
        await Host.RunAsync("rm", ["-rf", .. Unneeded.Select(path => Path.Combine(root, path))]);
        // apt's own folders stay, empty, for the Dockerfiles' apt-get.
        await Host.RunAsync("mkdir", ["-p", Path.Combine(root, "var/cache/apt/archives/partial"), Path.Combine(root, "var/lib/apt/lists/partial")]);

        // The machine's trust store, so that TLS from inside a build goes through wherever it does from this machine.
        File.Copy(TrustedCertificates, Path.Combine(root, "etc/ssl/certs/ca-certificates.crt"), overwrite: true);

        var dotnet = Directory.CreateDirectory(Path.Combine(root, "usr/share/dotnet")).FullName;
        await CopyAsync(DotnetRoot, dotnet, ["dotnet", "host", "shared"]);
        File.CreateSymbolicLink(Path.Combine(root, "usr/bin/dotnet"), "../share/dotnet/dotnet");

        await buildah.RunInAsync(container, "groupadd", "--gid", AppUid, "app");
        await buildah.RunInAsync(container, "useradd", "--uid", AppUid, "--gid", AppUid, "--create-home", "app");
        await buildah.RunAsync("config", "--env", $"APP_UID={AppUid}", "--env", "ASPNETCORE_HTTP_PORTS=8080", "--env", "DOTNET_RUNNING_IN_CONTAINER=true", container);
        await buildah.CommitAsync(container, image);
    }

    private static async Task CreateSdkAsync(Buildah buildah, string runtimeImage, string image)
    {
        var container = await buildah.FromAsync(runtimeImage);
        var dotnet = Path.Combine(await buildah.MountAsync(container), "usr/share/dotnet");
        var sdkOnly = Directory.EnumerateFileSystemEntries(DotnetRoot).Select(entry => Path.GetFileName(entry)).Where(name => !Path.Exists(Path.Combine(dotnet, name)));
        await CopyAsync(DotnetRoot, dotnet, sdkOnly);

        List<string> settings = ["--env", "DOTNET_NOLOGO=true", "--env", "NUGET_XMLDOC_MODE=skip"];
        // A machine that cannot check certificate revocation online says so to NuGet; a build here needs the same.
        if (Environment.GetEnvironmentVariable("NUGET_CERT_REVOCATION_MODE") is { Length: > 0 } revocation)
        {
            settings.AddRange(["--env", $"NUGET_CERT_REVOCATION_MODE={revocation}"]);
        }

        await buildah.RunAsync(["config", .. settings, container]);
        await buildah.CommitAsync(container, image);
    }

    private static string TrustedCertificates =>
        Environment.GetEnvironmentVariable("SSL_CERT_FILE") is { Length: > 0 } file && File.Exists(file) ? file : "/etc/ssl/certs/ca-certificates.crt";

    /// <summary>Copies entries of one folder into another as they are (links, modes, owners).</summary>
    private static Task CopyAsync(string from, string to, IEnumerable<string> names) =>
        Host.RunAsync("cp", ["-a", .. names.Select(name => Path.Combine(from, name)), to + "/"]);
}
