using System.Security.Cryptography;
using PhotoFactory.Tests.Deploy;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// The deployed factory (<see cref="FactoryDeployment"/>) hit in the middle of an ingest from a phone: the Librarian
/// killed, the catalogue's server restarted, the whole stack taken down and up again. Nothing may be lost or filed
/// twice, and the Librarian's own full verification must agree with the disk.
/// </summary>
[Collection(nameof(ImageBuilds))]
[Trait("Category", CorpusFolder.Category)]
[Trait("Category", "EndToEnd")]
public sealed class FaultTests(BuiltImages built, EngineImages engine)
{
    private const int Photos = 500;
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan Ingest = TimeSpan.FromMinutes(10);

    /// <summary>Real camera files and the date folder each is filed under.</summary>
    private static readonly (string File, string Folder)[] Originals =
    [
        ("ianare+exif-samples/jpg/Canon_40D.jpg", "2008/2008-05-30"),
        ("ianare+exif-samples/jpg/Nikon_D70.jpg", "2008/2008-03-15"),
        ("drewnoakes+metadata-extractor-images/jpg/Apple iPhone 4.jpg", "2011/2011-01-13"),
        ("drewnoakes+metadata-extractor-images/jpg/HTC Desire.jpg", "2011/2011-05-06"),
    ];

    [Fact]
    public async Task Killing_the_librarian_restarting_the_database_and_taking_the_stack_down_mid_ingest_lose_nothing()
    {
        await engine.LoadAsync(built);
        await using var factory = await FactoryDeployment.PrepareAsync();

        // First the Librarian cannot work: the originals are not writable and a photo waits in the inbox. The Monitor
        // and the Dashboard still start, and they say what is wrong.
        var expected = new Dictionary<string, string>();
        var waiting = Path.Combine(factory.Inbox, "IMG_waiting.jpg");
        File.Copy(CorpusFolder.PathOf(Originals[0].File), waiting);
        expected[ProductionComposeTests.Sha256(waiting)] = Originals[0].Folder;
        await FactoryDeployment.ChownAsync(factory.Inbox);
        await Host.RunAsync("chmod", ["555", factory.Originals]);
        await factory.UpAsync();
        await factory.WaitHealthyAsync(["factory-db", "syncthing", "monitor", "dashboard"], Startup);
        var rows = new Dictionary<string, string>();
        await Eventually.HoldsAsync(async () =>
            {
                rows = (await factory.PsqlAsync("SELECT service_name, status, coalesce(message, '') FROM system_status WHERE service_name LIKE 'librarian%'"))
                    .ToDictionary(row => row[0], row => string.Join('|', row[1..]));
                // The Monitor's probe of its /health, and the Librarian's own heartbeat saying why.
                return rows.GetValueOrDefault("librarian/health", "").StartsWith("ERROR|", StringComparison.Ordinal)
                    && rows.GetValueOrDefault("librarian", "").StartsWith("ERROR|", StringComparison.Ordinal)
                    && rows["librarian"].Contains("cannot write the originals", StringComparison.Ordinal);
            }, () => $"the Librarian is reported in error because it cannot write the originals ({string.Join("; ", rows)})", Startup);
        await Eventually.HoldsAsync(async () => (await factory.SummaryAsync())["librarianStatus"]?.GetValue<string>() == "ERROR",
            "the Dashboard's summary says the Librarian is in error", Startup);

        await Host.RunAsync("chmod", ["755", factory.Originals]);
        await factory.WaitHealthyAsync(FactoryDeployment.Started, Startup);
        using var syncthing = factory.Syncthing();
        await using var phone = await Phone.PairedAsync(factory, syncthing, Startup);
        // The phone takes photos in five batches of a hundred; each fault strikes while a batch is being filed.
        await TakePhotosAsync(phone, 0, expected);
        await WhenFiledAsync(factory, 50);
        var librarian = await factory.ContainerAsync("librarian");
        await DockerEngine.DockerAsync("kill", librarian);
        await TakePhotosAsync(phone, 1, expected);
        await DockerEngine.DockerAsync("start", librarian);

        await WhenFiledAsync(factory, 150);
        await TakePhotosAsync(phone, 2, expected);
        await DockerEngine.DockerAsync("restart", await factory.ContainerAsync("factory-db"));

        await WhenFiledAsync(factory, 250);
        await TakePhotosAsync(phone, 3, expected);
        // The phone leaves the factory's network while it is down, as a phone leaves the house's Wi-Fi, and takes more.
        await DockerEngine.DockerAsync("network", "disconnect", factory.Network, phone.Container);
        await factory.DownAsync();
        await TakePhotosAsync(phone, 4, expected, scan: false);
        await factory.UpAsync();
        await DockerEngine.DockerAsync("network", "connect", factory.Network, phone.Container);
        await factory.WaitHealthyAsync(FactoryDeployment.Started, Startup);
        await Eventually.HoldsAsync(phone.AnswersAsync, "the phone is back on the network", Startup);
        await phone.ScanAsync();

        await Eventually.HoldsAsync(() => Filed(factory).Count >= expected.Count && !ProductionComposeTests.Relative(factory.Inbox).Any(),
            () => $"all {expected.Count} photos are filed and the inbox is empty (filed {Filed(factory).Count}, inbox {ProductionComposeTests.Relative(factory.Inbox).Count})", Ingest);

        // Every photo exactly once, in its date folder, byte for byte; all catalogued; nothing quarantined.
        var filed = Filed(factory);
        Assert.Equal(Photos + 1, expected.Count);
        Assert.Equal(expected.Count, filed.Count);
        var hashes = filed.ToDictionary(file => file, file => ProductionComposeTests.Sha256(Path.Combine(factory.Originals, file)));
        Assert.Equal(expected.Keys.Order(), hashes.Values.Order());
        Assert.All(hashes, file => Assert.StartsWith(expected[file.Value] + "/", file.Key, StringComparison.Ordinal));
        Assert.Empty(ProductionComposeTests.Relative(factory.Quarantine));
        var catalogued = await factory.PsqlAsync("SELECT sha256 FROM media_assets");
        Assert.Equal(expected.Keys.Order(), catalogued.Select(row => row[0].Trim()).Order());

        var verify = await DockerEngine.TryAsync("docker", ["exec", await factory.ContainerAsync("librarian"),
            "dotnet", "PhotoFactory.Librarian.dll", "verify", "--originals", "/data/originals", "--full"]);
        Assert.True(verify.ExitCode == 0, $"verify --full exited {verify.ExitCode}:\n{verify.StandardOutput}\n{verify.StandardError}");
    }

    /// <summary>
    /// A fifth of the <see cref="Photos"/> distinct photos: real camera files, each made unique by bytes after its
    /// end-of-image marker; records each one's hash and the date folder it belongs in.
    /// </summary>
    private static async Task TakePhotosAsync(Phone phone, int batch, Dictionary<string, string> expected, bool scan = true)
    {
        var sources = Originals.Select(original => (Bytes: File.ReadAllBytes(CorpusFolder.PathOf(original.File)), original.Folder)).ToList();
        var size = Photos / 5;
        for (var i = batch * size; i < (batch + 1) * size; i++)
        {
            var (bytes, folder) = sources[i % sources.Count];
            byte[] photo = [.. bytes, .. BitConverter.GetBytes(i)];
            await File.WriteAllBytesAsync(Path.Combine(phone.Camera, $"IMG_{i:D4}.jpg"), photo, TestContext.Current.CancellationToken);
            expected[Convert.ToHexStringLower(SHA256.HashData(photo))] = folder;
        }

        await FactoryDeployment.ChownAsync(phone.Camera);
        if (scan)
        {
            await phone.ScanAsync();
        }
    }

    private static async Task WhenFiledAsync(FactoryDeployment factory, int count) =>
        await Eventually.HoldsAsync(() => Filed(factory).Count >= count, () => $"at least {count} photos are filed (filed {Filed(factory).Count})", Ingest);

    private static IReadOnlyList<string> Filed(FactoryDeployment factory) => ProductionComposeTests.Relative(factory.Originals);
}
