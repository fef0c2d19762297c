using PhotoFactory.Tests.Deploy;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// Stand-ins for the third-party images the factory runs and this machine cannot pull, built from Debian's packages of
/// the same software and tagged exactly as the compose file and the AppHost pin them, so the committed compose file
/// runs unchanged: PostgreSQL 15 (Debian's 15) as <c>postgres:15-alpine</c> and Syncthing (Debian's 1.19) as
/// <c>syncthing/syncthing:1.27</c>, and Tecnativa's docker-socket-proxy (HAProxy in front of the socket) as Debian's
/// HAProxy 2.6 with the same settings, as <c>ghcr.io/tecnativa/docker-socket-proxy:v0.4.2</c>. Each has an entrypoint that honours the official image's settings (see the
/// scripts in StandIns/). Immich, its machine learning and Homepage have no Debian counterpart and get none.
/// </summary>
internal static class StandInServiceImages
{
    public const string Postgres = "postgres:15-alpine";
    public const string Syncthing = "syncthing/syncthing:1.27";
    public const string SocketProxy = "ghcr.io/tecnativa/docker-socket-proxy:v0.4.2";

    private const string Release = "bookworm";
    private const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Builds them (debootstrap, side by side: most of it is waiting on the mirror) and imports them into the engine.</summary>
    public static Task CreateAsync(string folder) => Task.WhenAll(
        CreateAsync(folder, Postgres, ["postgresql-15"], "postgres-entrypoint.sh",
            // Debian's package made a cluster of its own at install; the entrypoint makes the one PGDATA names. The JIT
            // (LLVM, a third of the image) is optional: without it PostgreSQL runs every query interpreted, as with jit=off.
            removed: ["var/lib/postgresql/15", "etc/postgresql/15", "usr/lib/x86_64-linux-gnu/libLLVM-14.so.1", "usr/lib/postgresql/15/lib/bitcode",
                "usr/lib/postgresql/15/lib/llvmjit.so", "usr/lib/postgresql/15/lib/llvmjit_types.bc"],
            changes:
            [
                $"ENV PATH=/usr/lib/postgresql/15/bin:{SystemPath}",
                "ENV LANG=C.UTF-8",
                "ENV PGDATA=/var/lib/postgresql/data",
                "VOLUME /var/lib/postgresql/data",
                "EXPOSE 5432",
                """ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]""",
            ]),
        CreateAsync(folder, Syncthing, ["syncthing", "curl", "ca-certificates"], "syncthing-entrypoint.sh",
            removed: [],
            changes:
            [
                $"ENV PATH={SystemPath}",
                "ENV HOME=/var/syncthing",
                "ENV STHOMEDIR=/var/syncthing/config",
                "ENV STGUIADDRESS=0.0.0.0:8384",
                "ENV PUID=1000",
                "ENV PGID=1000",
                "VOLUME /var/syncthing",
                "EXPOSE 8384 22000/tcp 22000/udp 21027/udp",
                // As the official image: the factory's start script calls /bin/entrypoint.sh /bin/syncthing itself.
                """ENTRYPOINT ["/bin/entrypoint.sh", "/bin/syncthing"]""",
            ],
            installedAs: "usr/bin/entrypoint.sh"),
        CreateAsync(folder, SocketProxy, ["haproxy"], "socket-proxy-entrypoint.sh",
            removed: [],
            changes:
            [
                $"ENV PATH={SystemPath}",
                "EXPOSE 2375",
                """ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]""",
            ]));

    private static async Task CreateAsync(string folder, string image, string[] packages, string entrypoint, string[] removed, string[] changes,
        string installedAs = "usr/local/bin/docker-entrypoint.sh")
    {
        var root = Path.Combine(folder, image.Replace('/', '_').Replace(':', '_'));
        await Host.RunAsync("debootstrap", ["--variant=minbase", $"--include={string.Join(',', packages)}", Release, root]);

        // Small images: vfs, the storage driver here, copies a whole layer for every container made from it.
        string[] unneeded = [.. StandInBaseImages.Unneeded, .. removed];
        await Host.RunAsync("rm", ["-rf", .. unneeded.Select(path => Path.Combine(root, path))]);

        await Host.RunAsync("install", ["-m", "755", Path.Combine(AppContext.BaseDirectory, "EndToEnd", "StandIns", entrypoint), Path.Combine(root, installedAs)]);

        var archive = root + ".tar";
        await Host.RunAsync("tar", ["--create", "--numeric-owner", "--file", archive, "--directory", root, "."]);
        await DockerEngine.DockerAsync(["import", .. changes.SelectMany(change => new[] { "--change", change }), archive, image]);
        await Host.RunAsync("rm", ["-rf", "--one-file-system", root, archive]);
    }
}
