using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Integrity;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// Fills a catalogue with a small, known library for the dashboard's tests: assets of every kind, camera and flag,
/// a file name carrying markup, quarantined files and duplicates, services in every state, and a scrub's passes and findings.
/// </summary>
public static class CatalogSeeder
{
    /// <summary>A file name a hostile or careless sender could produce; it must be shown as text.</summary>
    /// <summary>Where the seeded Dashboard is told Immich is, and the Immich id of the located photo (Immich has it).</summary>
    public const string ImmichUrl = "http://photos.home.arpa:2283";
    public static readonly Guid LocatedImmichAssetId = new("8d1c52a0-3f3e-4c59-9e0e-5d2f0b7c6a11");

    public const string MarkupName = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>.jpg";

    public const string ErrorServiceMessage = "container exited with code 137";
    public const string WarningServiceMessage = "3 devices out of sync";

    /// <summary>Devices paired with Syncthing, as the Monitor writes them: one connected, one silent past the warning.</summary>
    public const string ConnectedDevice = "Anna's phone";
    public const string SilentDevice = "Laptop";
    public const string UnpairedDevice = "Old tablet";

    /// <summary>A Monitor check that belongs to no service of the stack.</summary>
    public const string HostCheck = "host";

    /// <summary>What was seeded, as a user of the dashboard would count it.</summary>
    public sealed record Seeded(
        int Assets,
        int FiledLastHour,
        int Quarantined,
        int Duplicates,
        int WaitingInInbox,
        int Photos,
        int Raws,
        int Videos,
        int WithLocation,
        int WithErrors,
        int Canon,
        int In2021,
        Guid MarkupAssetId,
        Guid LocatedAssetId,
        int OriginalsNotAsFiled,
        Guid RottenAssetId);

    /// <summary>What the scrub found changed in the first seeded asset, as it would word it.</summary>
    public const string RottenFound = "SHA-256 0000000000000000000000000000000000000000000000000000000000000bad";

    public const string StrayPath = "2021/copied by hand.txt";

    public static async Task<Seeded> SeedAsync(CatalogDbContext db, DateTime nowUtc)
    {
        var assets = new List<MediaAsset>();
        var i = 0;

        MediaAsset Add(MediaKind kind, DateTime? captured, string? make, string? model, DateTime ingested, string? name = null)
        {
            i++;
            var fileName = name ?? $"IMG_{i:0000}.{(kind == MediaKind.Video ? "MP4" : kind == MediaKind.Raw ? "CR3" : "JPG")}";
            var folder = captured is { } c ? $"{c:yyyy}/{c:yyyy-MM-dd}" : "undated";
            var asset = new MediaAsset
            {
                Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))),
                OriginalName = fileName,
                OriginalPath = $"phone/{fileName}",
                FinalPath = $"{folder}/{i:0000}_{fileName}",
                SizeBytes = 1_000_000 + i * 1000,
                CapturedAtLocal = captured,
                CaptureOffsetMinutes = captured is null ? null : 120,
                CaptureDateSource = captured is null ? null : "exif:DateTimeOriginal",
                CameraMake = make,
                CameraModel = model,
                Kind = kind,
                MimeType = kind == MediaKind.Video ? "video/mp4" : "image/jpeg",
                IngestedAt = ingested,
                CreatedAt = ingested,
            };
            assets.Add(asset);
            return asset;
        }

        var hourAgo = nowUtc.AddMinutes(-30);
        var daysAgo = nowUtc.AddDays(-3);
        // Eight Canon photos in 2021, filed three days ago.
        for (var n = 0; n < 8; n++)
        {
            Add(MediaKind.Photo, new DateTime(2021, 6, 1 + n, 10, 0, 0, DateTimeKind.Unspecified), "Canon", "Canon EOS R5", daysAgo.AddMinutes(n));
        }

        // Four raw files from a Nikon in 2023, and three videos from a phone in 2024: filed in the last hour.
        for (var n = 0; n < 4; n++)
        {
            Add(MediaKind.Raw, new DateTime(2023, 3, 10, 9, n, 0, DateTimeKind.Unspecified), "NIKON CORPORATION", "NIKON Z 6", hourAgo.AddMinutes(n));
        }

        for (var n = 0; n < 3; n++)
        {
            Add(MediaKind.Video, new DateTime(2024, 12, 24, 18, n, 0, DateTimeKind.Unspecified), "Apple", "iPhone 15", hourAgo.AddMinutes(10 + n));
        }

        var located = Add(MediaKind.Photo, new DateTime(2024, 7, 14, 12, 0, 0, DateTimeKind.Unspecified), "Apple", "iPhone 15", daysAgo.AddHours(1));
        located.Location = new GeoLocation { Latitude = 48.8584, Longitude = 2.2945, Altitude = 35 };
        located.ImmichAssetId = LocatedImmichAssetId;
        var secondLocated = Add(MediaKind.Photo, new DateTime(2024, 7, 15, 12, 0, 0, DateTimeKind.Unspecified), "Apple", "iPhone 15", daysAgo.AddHours(2));
        secondLocated.Location = new GeoLocation { Latitude = 51.5007, Longitude = -0.1246 };

        var broken = Add(MediaKind.Photo, null, null, null, daysAgo.AddHours(3), "scan.jpg");
        broken.HasErrors = true;
        broken.ErrorMessage = "metadata unreadable: truncated EXIF segment";

        // The newest file of all, so it heads the overview's latest list.
        var markup = Add(MediaKind.Photo, new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), null, null, nowUtc.AddMinutes(-1), MarkupName);

        db.MediaAssets.AddRange(assets);

        db.IngestEvents.AddRange(
            new IngestEvent { Kind = IngestEventKind.Quarantined, SourcePath = "phone/empty.jpg", Reason = "empty file", QuarantinePath = "2026-11-25/empty.jpg", SizeBytes = 0, OccurredAt = nowUtc.AddHours(-2) },
            new IngestEvent { Kind = IngestEventKind.Quarantined, SourcePath = "phone/<script>alert(1)</script>.heic", Reason = "not a photo or video", QuarantinePath = "2026-11-25/x.heic", SizeBytes = 12, OccurredAt = nowUtc.AddHours(-1) });
        for (var n = 0; n < 3; n++)
        {
            db.IngestEvents.Add(new IngestEvent
            {
                Kind = IngestEventKind.Duplicate,
                SourcePath = $"camera/IMG_{n + 1:0000}.JPG",
                Reason = $"same content as {assets[n].FinalPath}",
                DuplicateOfAssetId = assets[n].Id,
                Sha256 = assets[n].Sha256,
                OccurredAt = nowUtc.AddMinutes(-20 + n),
            });
        }

        // The scrub: one pass complete two days ago, one under way; a photo whose content changed, a stray, and a
        // writable file put right since.
        db.ScrubPasses.AddRange(
            new ScrubPass
            {
                Id = 1, Owner = "librarian-1:7:1", StartedAt = nowUtc.AddDays(-2).AddHours(-1), CompletedAt = nowUtc.AddDays(-2), UpdatedAt = nowUtc.AddDays(-2),
                AssetsTotal = assets.Count, AssetsChecked = assets.Count, AssetsDone = true, BytesRead = assets.Sum(a => a.SizeBytes), ReadSeconds = 1, FoldersWalked = 9,
            },
            new ScrubPass
            {
                Id = 2, Owner = "librarian-1:7:1", StartedAt = nowUtc.AddMinutes(-5), UpdatedAt = nowUtc.AddSeconds(-5),
                AssetsTotal = assets.Count, AssetsChecked = 5, BytesRead = 5_000_000, ReadSeconds = 0.25,
            });
        db.ScrubFindings.AddRange(
            new ScrubFinding
            {
                Kind = ScrubFindingKind.ContentChanged, Path = assets[0].FinalPath, AssetId = assets[0].Id, Expected = $"SHA-256 {assets[0].Sha256}",
                Found = RottenFound, FirstSeenAt = nowUtc.AddDays(-2).AddMinutes(-30), LastSeenAt = nowUtc.AddMinutes(-4),
            },
            new ScrubFinding
            {
                Kind = ScrubFindingKind.Untracked, Path = StrayPath, Expected = "only catalogued files and their sidecars", Found = "19 bytes",
                FirstSeenAt = nowUtc.AddDays(-2).AddMinutes(-10), LastSeenAt = nowUtc.AddDays(-2).AddMinutes(-10),
            },
            new ScrubFinding
            {
                Kind = ScrubFindingKind.Writable, Path = assets[1].FinalPath, AssetId = assets[1].Id, Expected = "read-only (r--r--r--)", Found = "rw-r--r--",
                FirstSeenAt = nowUtc.AddDays(-2).AddMinutes(-20), LastSeenAt = nowUtc.AddDays(-2).AddMinutes(-20), ResolvedAt = nowUtc.AddMinutes(-3),
            });

        AddService(db, "librarian", ServiceState.Ok, null, "watching the inbox", 7, nowUtc.AddSeconds(-10));
        AddService(db, "monitor", ServiceState.Ok, null, "checking 10 services", null, nowUtc.AddSeconds(-20));
        AddService(db, "factory-db", ServiceState.Ok, null, "accepting connections", null, nowUtc.AddSeconds(-20));
        AddService(db, "immich-server", ServiceState.Error, ErrorServiceMessage, null, null, nowUtc.AddSeconds(-20));
        // Earlier in the week it was fine for an hour: the week's chart is half green, half red.
        AddHistory(db, "immich-server", ServiceState.Ok, null, null, nowUtc.AddDays(-3).AddSeconds(-20));
        AddService(db, "syncthing", ServiceState.Warning, WarningServiceMessage, null, null, nowUtc.AddSeconds(-20));

        // What the Monitor adds: a container check per service, and checks that belong to no service (the host).
        AddService(db, "container/immich-server", ServiceState.Error, "exited with code 137, restarted 5 times", "container", null, nowUtc.AddSeconds(-20),
            """{"state":"exited","exitCode":137,"restartCount":5}""");
        AddService(db, "container/librarian", ServiceState.Ok, "running", "container", null, nowUtc.AddSeconds(-20),
            """{"state":"running","health":"healthy","restartCount":0}""");
        AddService(db, "librarian/health", ServiceState.Ok, "HTTP 200", "http", null, nowUtc.AddSeconds(-20));
        AddService(db, HostCheck, ServiceState.Ok, "CPU 12%, memory 40%", "host", null, nowUtc.AddSeconds(-20));
        AddService(db, "syncthing/device/ANNAPHO", ServiceState.Ok, $"{ConnectedDevice}: connected, inbox folder 100 % in sync", "syncthing device", null, nowUtc.AddSeconds(-20),
            $$"""{"name":"{{ConnectedDevice}}","paired":true,"connected":true,"lastSeen":"{{nowUtc.AddSeconds(-20):O}}","completion":100.0}""");
        AddService(db, "syncthing/device/LAPTOP1", ServiceState.Warning, $"{SilentDevice}: not seen for 9 days (a warning after 3 days)", "syncthing device", null, nowUtc.AddSeconds(-20),
            $$"""{"name":"{{SilentDevice}}","paired":true,"connected":false,"lastSeen":"{{nowUtc.AddDays(-9).AddHours(-1):O}}","completion":100.0}""");
        AddService(db, "syncthing/device/OLDTABL", ServiceState.Unknown, $"{UnpairedDevice}: no longer paired with the factory's Syncthing", "syncthing device", null, nowUtc.AddSeconds(-20),
            $$"""{"name":"{{UnpairedDevice}}","paired":false}""");

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new Seeded(
            Assets: assets.Count,
            FiledLastHour: 8,
            Quarantined: 2,
            Duplicates: 3,
            WaitingInInbox: 7,
            Photos: assets.Count(a => a.Kind == MediaKind.Photo),
            Raws: 4,
            Videos: 3,
            WithLocation: 2,
            WithErrors: 1,
            Canon: 8,
            In2021: 8,
            MarkupAssetId: markup.Id,
            LocatedAssetId: located.Id,
            OriginalsNotAsFiled: 2,
            RottenAssetId: assets[0].Id);
    }

    /// <summary>A service's current row plus an hour of history, one check a minute, in its current state.</summary>
    private static void AddService(
        CatalogDbContext db, string name, ServiceState state, string? message, string? task, int? queue, DateTime last, string? details = null)
    {
        db.ServiceStatuses.Add(new ServiceStatus
        {
            ServiceName = name,
            Status = state,
            Message = message,
            CurrentTask = task,
            QueueLength = queue,
            LastHeartbeat = last,
            UpdatedAt = last,
            StatusSince = last.AddHours(-1),
            Details = details,
        });
        AddHistory(db, name, state, message, task, last);
    }

    /// <summary>An hour of history up to <paramref name="last"/>, one check a minute.</summary>
    private static void AddHistory(CatalogDbContext db, string name, ServiceState state, string? message, string? task, DateTime last)
    {
        for (var minute = 0; minute < 60; minute++)
        {
            var at = last.AddMinutes(-minute);
            db.ServiceStatusHistory.Add(new ServiceStatusHistory
            {
                ServiceName = name,
                Status = state,
                Message = message,
                CurrentTask = task,
                HeartbeatTimestamp = at,
                CreatedAt = at,
            });
        }
    }
}
