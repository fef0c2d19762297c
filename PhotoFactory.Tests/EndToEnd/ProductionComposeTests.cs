using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Tests.Deploy;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// The factory as a user runs it: the committed compose file with Debian's docker-compose on a real Docker engine
/// (<see cref="DockerEngine"/>), the .NET services' real images, and stand-ins built from Debian's packages for
/// PostgreSQL and Syncthing (<see cref="StandInServiceImages"/>). Photos travel from a phone's Syncthing through the
/// factory's into the inbox, are filed by the Librarian into the originals and counted by the Dashboard.
/// </summary>
[Collection(nameof(ImageBuilds))]
[Trait("Category", CorpusFolder.Category)]
[Trait("Category", "EndToEnd")]
public sealed class ProductionComposeTests(BuiltImages built, EngineImages engine)
{
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan Travel = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Photos_from_a_phone_are_filed_catalogued_and_counted_and_the_phone_keeps_them()
    {
        await engine.LoadAsync(built);
        await using var factory = await FactoryDeployment.PrepareAsync();

        // Syncthing first, alone, on an empty configuration: its GUI asks for the password from the first answer it
        // gives, with no Monitor yet to lock it.
        await factory.ComposeAsync("up", "-d", "--no-build", "syncthing");
        HttpStatusCode firstAnswer = 0;
        await Eventually.HoldsAsync(async () => (firstAnswer = await factory.SyncthingGuiAsync()) != 0, "Syncthing's GUI answers", Startup);
        Assert.Equal(HttpStatusCode.Unauthorized, firstAnswer);
        Assert.Equal(HttpStatusCode.OK, await factory.SyncthingGuiAsync(factory.SyncthingGuiCredentials));
        Assert.Contains($"<user>{factory.SyncthingGuiCredentials.User}</user>", await File.ReadAllTextAsync(Path.Combine(factory.Env["SYNCTHING_CONFIG_PATH"], "config.xml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await factory.UpAsync();
        await factory.WaitHealthyAsync(FactoryDeployment.Started, Startup);
        using var syncthing = factory.Syncthing();
        await using var phone = await Phone.PairedAsync(factory, syncthing, Startup);
        var camera = await CameraRollAsync(phone.Camera);
        await FactoryDeployment.ChownAsync(phone.Camera);
        await phone.ScanAsync();

        // Filed by capture date, the live photo's video beside its still, the sidecar beside its photo.
        string[] expected =
        [
            "2008/2008-03-15/Nikon_D70.jpg",
            "2011/2011-01-13/Apple iPhone 4.jpg",
            "2018/2018-09-10/iphone_7.heic",
            "2018/2018-09-10/iphone_7.xmp",
            "2020/2020-05-04/IMG_2929.HEIC",
            "2020/2020-05-04/IMG_2929.MOV",
        ];
        await Eventually.HoldsAsync(() => OriginalsHold(factory, expected) && InboxIsEmpty(factory) && Directory.EnumerateFiles(factory.Quarantine, "*", SearchOption.AllDirectories).Any(),
            () => $"every photo reached the originals and the inbox is empty (originals: {string.Join(", ", Relative(factory.Originals))}; inbox: {string.Join(", ", Relative(factory.Inbox))})", Travel);

        // The duplicate pair is filed once, under either name, in its date folder.
        var canon = Assert.Single(Relative(factory.Originals), file => file.StartsWith("2008/2008-05-30/Canon_40D", StringComparison.Ordinal));
        Assert.Equal(camera["Canon_40D.jpg"], Sha256(Path.Combine(factory.Originals, canon)));
        Assert.Equal(expected.Append(canon).Order(StringComparer.Ordinal), Relative(factory.Originals).Order(StringComparer.Ordinal));
        Assert.Contains(Relative(factory.Quarantine), file => file.Contains("empty", StringComparison.Ordinal));

        // Catalogued in the factory-db container, with the same hashes as on the phone.
        var assets = await factory.PsqlAsync("SELECT final_path, sha256 FROM media_assets");
        Assert.Equal(6, assets.Count);
        Assert.Contains(assets, row => row[0].EndsWith("IMG_2929.MOV", StringComparison.Ordinal));
        // Every photo and video the phone has, by content (the sidecar travels with its photo; the empty file is quarantined).
        var media = camera.Where(file => !file.Key.EndsWith(".xmp", StringComparison.Ordinal) && file.Value != EmptySha256).Select(file => file.Value).Distinct();
        Assert.Equal(media.Order(), assets.Select(row => row[1].Trim()).Order());
        var events = await factory.PsqlAsync("SELECT kind, count(*) FROM ingest_events GROUP BY kind ORDER BY kind");
        Assert.Equal([["Duplicate", "1"], ["Quarantined", "1"]], events.Select(row => row.ToArray()));

        // Each service is connected as its own role (factory-db's init script made them), none as the superuser.
        IReadOnlyList<string[]> sessions = [];
        await Eventually.HoldsAsync(async () =>
            {
                sessions = await factory.PsqlAsync("SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'photofactory' AND pid <> pg_backend_pid() ORDER BY 1");
                return sessions.Select(row => row[0]).SequenceEqual(["dashboard", "librarian", "monitor"]);
            }, () => $"the services are connected as dashboard, librarian and monitor ({string.Join(", ", sessions.Select(row => row[0]))})", Travel);

        // The Dashboard recounts its headline numbers every few seconds.
        JsonObject summary = [];
        await Eventually.HoldsAsync(async () =>
            {
                summary = await factory.SummaryAsync();
                return (summary["assetsSecured"]?.GetValue<long>(), summary["quarantined"]?.GetValue<long>(), summary["duplicates"]?.GetValue<long>()) == (6, 1, 1);
            }, () => $"the Dashboard's summary counts 6 secured, 1 quarantined, 1 duplicate ({summary.ToJsonString()})", Travel);

        // The Monitor's rows: what runs is OK, the containers check included (it reads the socket as PUID:PGID); what
        // has no image here says it is not running. It watches as containers the third-party services (the ones the
        // AppHost declares as containers), and the factory's own services by their /health and their heartbeats.
        // The Dashboard writes no heartbeat (its database role may only read): its rows are the Monitor's checks.
        string[] running = ["factory-db", "syncthing", "librarian", "librarian/health", "dashboard/health", "containers",
            "container/factory-db", "container/syncthing", "container/docker-proxy"];
        string[] absent = [.. FactoryDeployment.NotStarted, .. FactoryDeployment.NotStarted.Select(service => $"container/{service}")];
        IReadOnlyDictionary<string, (string Status, string Message)> rows = new Dictionary<string, (string, string)>();
        await Eventually.HoldsAsync(async () =>
            {
                rows = await MonitorRowsAsync(factory);
                return running.All(name => rows.TryGetValue(name, out var row) && row.Status == "OK")
                    && absent.All(name => rows.TryGetValue(name, out var row) && row.Status == "ERROR" && row.Message.StartsWith("not running", StringComparison.Ordinal))
                    // The phone, by the name it was paired under, as the Monitor reads it from Syncthing's API.
                    && rows.Any(row => row.Key.StartsWith("syncthing/device/", StringComparison.Ordinal) && row.Value.Status == "OK"
                        && row.Value.Message.StartsWith("phone: connected", StringComparison.Ordinal))
                    // No Immich key in .env (none can be made before Immich runs): nothing is sent to Immich, and the row says why.
                    && rows.TryGetValue("immich-server/library", out var library) && library.Status == "UNKNOWN"
                        && library.Message.StartsWith("no Immich API key given", StringComparison.Ordinal);
            },
            () => $"the Monitor reports the running services OK, the others not running and the phone connected ({string.Join("; ", rows.Select(row => $"{row.Key}: {row.Value.Status} {row.Value.Message}"))})", Startup);

        // Only the socket proxy holds the Docker socket, and it answers the Monitor's reads but refuses to create a container.
        foreach (var service in FactoryDeployment.Started)
        {
            var mounts = await DockerEngine.DockerAsync("inspect", "--format", "{{range .Mounts}}{{.Destination}} {{end}}", await factory.ContainerAsync(service));
            Assert.True(service == "docker-proxy" == mounts.Contains("docker.sock", StringComparison.Ordinal), $"{service} mounts: {mounts}");
        }

        // The secrets handed over as files are in no container's environment, where docker inspect would show them.
        foreach (var service in FactoryDeployment.Started)
        {
            var environment = await DockerEngine.DockerAsync("inspect", "--format", "{{json .Config.Env}}", await factory.ContainerAsync(service));
            Assert.All(factory.Secrets, secret => Assert.DoesNotContain(secret.Value, environment, StringComparison.Ordinal));
        }

        var monitor = await factory.ContainerAsync("monitor");
        Assert.Equal("200", (await DockerEngine.DockerAsync("exec", monitor, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
            "http://docker-proxy:2375/containers/json")).Trim());
        Assert.Equal("403", (await DockerEngine.DockerAsync("exec", monitor, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
            "-H", "Content-Type: application/json", "-d", """{"Image":"photofactory/monitor:local","HostConfig":{"Privileged":true}}""",
            "http://docker-proxy:2375/containers/create")).Trim());

        // Syncthing's GUI, published for the user, is still locked with the password from .env.
        Assert.Equal(HttpStatusCode.Unauthorized, await factory.SyncthingGuiAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await factory.SyncthingGuiAsync((factory.SyncthingGuiCredentials.User, "not-the-password")));
        Assert.Equal(HttpStatusCode.OK, await factory.SyncthingGuiAsync(factory.SyncthingGuiCredentials));

        // A stranger on the network: every Dashboard page sends them to sign in, the live connection and the summary
        // API refuse them, a page of another host name (a DNS-rebinding page) gets nothing; /health stays open.
        using (var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.DashboardUrl })
        {
            foreach (var path in new[] { "", "library", "problems", "originals", "services", "services/librarian" })
            {
                using var page = await stranger.GetAsync(path, TestContext.Current.CancellationToken);
                Assert.True(page.StatusCode == HttpStatusCode.Redirect && page.Headers.Location?.AbsolutePath == "/sign-in",
                    $"/{path} answered {(int)page.StatusCode} {page.Headers.Location}, not a redirect to sign-in");
            }

            using var live = await stranger.PostAsync("_blazor/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, live.StatusCode);
            using var anonymousSummary = await stranger.GetAsync("api/summary", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousSummary.StatusCode);
            using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/summary") { Headers = { Host = "attacker.example:8501" } };
            rebound.Headers.Add(ApiKeyAuthentication.HeaderName, factory.Env["DASHBOARD_API_KEY"]);
            using var reboundAnswer = await stranger.SendAsync(rebound, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, reboundAnswer.StatusCode);
            using var health = await stranger.GetAsync("health", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        // A scan of 127.0.0.1 finds, of the factory, only what the compose file publishes for users (Immich and Homepage
        // are not started here): no database, cache or socket proxy. The phone's API port is the test's own.
        var scanned = await LoopbackScan.OpenTcpPortsAsync();
        var listeners = await LoopbackScan.EngineListenersAsync();
        (string, int)[] published = [("tcp", 8384), ("tcp", 8501), ("tcp", 22000), ("udp", 21027), ("udp", 22000)];
        Assert.Equal(published.Append(("tcp", phone.Port)).Order(), listeners.Order());
        Assert.Equal([8384, 8501, 22000, phone.Port], scanned.Where(port => listeners.Contains(("tcp", port))).Order());

        await using (var browser = await Browser.LaunchAsync())
        {
            var page = await browser.OpenAsync(factory.DashboardUrl);
            await Browser.SignInAsync(page, FactoryDeployment.DashboardPassword);
            await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("assets-secured")).ToHaveTextAsync("6");

            // Pictures, made inside the Dashboard's container from the read-only originals: the small one from the
            // camera's embedded preview, the large one by libvips (NetVips' native library, as the image ships it).
            var nikon = page.GetByTestId("latest-filed").Locator("tbody tr", new() { HasText = "Nikon_D70.jpg" }).Locator("img");
            await Eventually.HoldsAsync(async () => await nikon.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"),
                "the Nikon's thumbnail shows on the overview", Travel);
            var large = (await nikon.GetAttributeAsync("src"))!.Replace("size=small", "size=large", StringComparison.Ordinal);
            var answer = await page.EvaluateAsync<string[]>(
                "async url => { const r = await fetch(url); return [String(r.status), r.headers.get('content-type') ?? '', r.headers.get('x-thumbnail-problem') ?? '']; }", large);
            Assert.Equal(["200", "image/jpeg", ""], answer);
            await Browser.ScreenshotAsync(page, "end-to-end-dashboard-overview");
        }

        // The scrub in the running stack: a file copied among the originals by hand is found by the Librarian's next pass
        // (begun here by forgetting the last one and restarting the Librarian), recorded through the Librarian's role,
        // raised by the Monitor through its own and counted by the Dashboard's summary. The file itself stays as it is.
        var stray = Path.Combine(factory.Originals, "2008", "left by hand.txt");
        await File.WriteAllTextAsync(stray, "copied in by hand", TestContext.Current.CancellationToken);
        await factory.PsqlAsync("DELETE FROM scrub_passes");
        await factory.ComposeAsync("restart", "librarian");
        await Eventually.HoldsAsync(async () =>
            {
                rows = await MonitorRowsAsync(factory);
                return rows.TryGetValue("librarian/originals", out var originals) && originals.Status == "ERROR"
                    && originals.Message.StartsWith("1 file(s) in the originals are not as filed: 1 not catalogued; first: not catalogued 2008/left by hand.txt", StringComparison.Ordinal);
            },
            () => $"the Monitor raises the stray the scrub found (librarian/originals: {rows.GetValueOrDefault("librarian/originals")}; librarian logs: {factory.LogsAsync("librarian").GetAwaiter().GetResult()})", Startup);
        Assert.Equal(1, (await factory.SummaryAsync())["originalsNotAsFiled"]!.GetValue<int>());
        Assert.Equal("copied in by hand", await File.ReadAllTextAsync(stray, TestContext.Current.CancellationToken));
        // verify, run in the Librarian's container as docs/deploy.md says, reports the same finding in the same words.
        var verify = await DockerEngine.DockerAsync("exec", await factory.ContainerAsync("librarian"), "sh", "-c",
            "dotnet PhotoFactory.Librarian.dll verify --originals /data/originals --full; echo \"exit $?\"");
        Assert.Contains("not catalogued: 2008/left by hand.txt (expected only catalogued files and their sidecars; found 17 bytes)", verify, StringComparison.Ordinal);
        Assert.EndsWith("exit 1", verify.Trim(), StringComparison.Ordinal);
        // The pass read every filed photo before it walked the folders: each is proved.
        Assert.Equal([["6"]], (await factory.PsqlAsync("SELECT count(*) FROM media_assets WHERE last_proved_at IS NOT NULL")).Select(row => row.ToArray()));

        // Syncthing has seen every removal from the inbox, and none of them reached the phone.
        await Eventually.HoldsAsync(async () => (await FolderStatusAsync(syncthing))["receiveOnlyChangedDeletes"]?.GetValue<long>() >= camera.Count,
            "the factory's Syncthing has noticed the files leaving its inbox", Travel);
        Assert.Equal(camera.Keys.Order(StringComparer.Ordinal), phone.Files());
        Assert.Equal(camera.Count, (await phone.FolderStatusAsync())["localFiles"]!.GetValue<long>());
    }

    private static async Task<IReadOnlyDictionary<string, (string Status, string Message)>> MonitorRowsAsync(FactoryDeployment factory) =>
        (await factory.PsqlAsync("SELECT service_name, status, coalesce(message, '') FROM system_status"))
            .ToDictionary(row => row[0], row => (row[1], string.Join('|', row[2..])));

    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Real camera files with known dates, a live photo, a photo with its XMP sidecar, a duplicate and an empty file.</summary>
    private static async Task<Dictionary<string, string>> CameraRollAsync(string camera)
    {
        foreach (var (source, name) in new[]
        {
            ("ianare+exif-samples/jpg/Canon_40D.jpg", "Canon_40D.jpg"),
            ("ianare+exif-samples/jpg/Canon_40D.jpg", "Canon_40D (1).jpg"),
            ("ianare+exif-samples/jpg/Nikon_D70.jpg", "Nikon_D70.jpg"),
            ("drewnoakes+metadata-extractor-images/jpg/Apple iPhone 4.jpg", "Apple iPhone 4.jpg"),
            ("photoprism+photoprism/assets/examples/iphone_7.heic", "iphone_7.heic"),
            ("photoprism+photoprism/assets/examples/iphone_7.xmp", "iphone_7.xmp"),
            ("drewnoakes+metadata-extractor-images/heic/IMG_2929.HEIC", "IMG_2929.HEIC"),
        })
        {
            File.Copy(CorpusFolder.PathOf(source), Path.Combine(camera, name));
        }

        // The live photo's video: the still's content identifier, its creation time in UTC.
        await MediaFactory.VideoAsync(Path.Combine(camera, "IMG_2929.MOV"), creationTimeUtc: new DateTime(2020, 5, 4, 22, 44, 9),
            contentIdentifier: "ED69AFC7-A2EB-4FE9-88A0-54293FC2478F");
        await File.WriteAllBytesAsync(Path.Combine(camera, "empty.jpg"), []);
        return Directory.EnumerateFiles(camera).ToDictionary(file => Path.GetFileName(file), Sha256);
    }

    private static bool OriginalsHold(FactoryDeployment factory, IEnumerable<string> files) =>
        files.All(file => File.Exists(Path.Combine(factory.Originals, file)));

    private static bool InboxIsEmpty(FactoryDeployment factory) => !Relative(factory.Inbox).Any();

    /// <summary>Files under a folder, relative, without Syncthing's hidden entries (.stfolder, temporary files).</summary>
    internal static IReadOnlyList<string> Relative(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(folder, file))
            .Where(file => !file.Split('/').Any(part => part.StartsWith('.')))];

    internal static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static async Task<JsonObject> FolderStatusAsync(HttpClient syncthing) =>
        (await syncthing.GetFromJsonAsync<JsonObject>("rest/db/status?folder=default", TestContext.Current.CancellationToken))!;
}
