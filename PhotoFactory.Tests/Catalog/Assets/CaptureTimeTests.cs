using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Tests.Catalog.Assets;

public sealed class CaptureTimeTests
{
    /// <summary>Half past eleven at night in Tokyo: the UTC date is a day earlier, so any shift shows.</summary>
    private static readonly DateTime TokyoEvening = new(2021, 5, 1, 23, 30, 15, 123, DateTimeKind.Unspecified);

    [Theory, CatalogProviders]
    public async Task Capture_time_keeps_the_wall_clock_reading_and_offset_the_camera_recorded(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var asset = TestAssets.Photo("photo", "2021/2021-05-01/IMG_0001.JPG");
        asset.CapturedAtLocal = TokyoEvening;
        asset.CaptureOffsetMinutes = 9 * 60;
        asset.CaptureDateSource = "exif:DateTimeOriginal";

        var read = await RoundTripAsync(catalog, asset);

        Assert.Equal(TokyoEvening, read.CapturedAtLocal);
        Assert.Equal(DateTimeKind.Unspecified, read.CapturedAtLocal!.Value.Kind);
        Assert.Equal(540, read.CaptureOffsetMinutes);
        Assert.Equal("exif:DateTimeOriginal", read.CaptureDateSource);
        Assert.Equal(new DateTimeOffset(2021, 5, 1, 14, 30, 15, 123, TimeSpan.Zero), read.CapturedAt);
    }

    [Theory, CatalogProviders]
    public async Task A_wall_clock_reading_marked_local_is_not_shifted_by_the_machine_time_zone(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var asset = TestAssets.Photo("photo", "2021/2021-05-01/IMG_0001.JPG");
        asset.CapturedAtLocal = DateTime.SpecifyKind(TokyoEvening, DateTimeKind.Local);

        var read = await RoundTripAsync(catalog, asset);

        Assert.Equal(TokyoEvening.Ticks, read.CapturedAtLocal!.Value.Ticks);
    }

    [Theory, CatalogProviders]
    public async Task A_capture_time_without_an_offset_stays_without_one(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var asset = TestAssets.Photo("photo", "2021/2021-05-01/IMG_0001.JPG");
        asset.CapturedAtLocal = TokyoEvening;
        asset.CaptureDateSource = "filename";

        var read = await RoundTripAsync(catalog, asset);

        Assert.Equal(TokyoEvening, read.CapturedAtLocal);
        Assert.Null(read.CaptureOffsetMinutes);
        Assert.Null(read.CapturedAt);
    }

    [Theory, CatalogProviders]
    public async Task Instants_come_back_as_the_same_utc_instants(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var asset = TestAssets.Photo("photo", "2021/2021-05-01/IMG_0001.JPG");
        asset.IngestedAt = new DateTime(2026, 11, 25, 23, 59, 58, 765, DateTimeKind.Utc);
        asset.GeocodedAt = new DateTime(2026, 11, 26, 0, 0, 1, DateTimeKind.Utc);

        var read = await RoundTripAsync(catalog, asset);

        Assert.Equal(asset.IngestedAt, read.IngestedAt);
        Assert.Equal(DateTimeKind.Utc, read.IngestedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        Assert.Equal(asset.GeocodedAt, read.GeocodedAt);
        Assert.Equal(DateTimeKind.Utc, read.GeocodedAt!.Value.Kind);
        Assert.Null(read.BackedUpAt);
    }

    /// <remarks>
    /// PostgreSQL cannot tell what instant a local or unmarked DateTime means and refuses it; the embedded catalogue
    /// must refuse it too, or code that passes on SQLite fails in production (or stores a time hours off).
    /// </remarks>
    [Theory, CatalogProviders]
    public async Task An_instant_not_marked_utc_is_refused_alike_on_both_providers(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var ct = TestContext.Current.CancellationToken;

        foreach (var kind in new[] { DateTimeKind.Unspecified, DateTimeKind.Local })
        {
            await using var db = catalog.CreateContext();
            var asset = TestAssets.Photo($"photo {kind}", $"2021/2021-05-01/{kind}.JPG");
            asset.IngestedAt = new DateTime(2026, 11, 25, 9, 30, 0, kind);
            db.MediaAssets.Add(asset);

            var refusal = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
            Assert.IsType<ArgumentException>(refusal.InnerException);
        }

        await using var check = catalog.CreateContext();
        Assert.Empty(await check.MediaAssets.ToListAsync(ct));
    }

    [Theory, CatalogProviders]
    public async Task A_utc_instant_given_as_the_capture_wall_clock_is_refused_alike_on_both_providers(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using var db = catalog.CreateContext();
        var asset = TestAssets.Photo("video", "2021/2021-05-01/MOV_0001.MOV");
        // QuickTime's creation time is UTC; storing it unconverted would misdate evening videos by a day.
        asset.CapturedAtLocal = new DateTime(2021, 5, 1, 14, 30, 15, DateTimeKind.Utc);
        db.MediaAssets.Add(asset);

        var refusal = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.IsType<ArgumentException>(refusal.InnerException);
    }

    [Theory, CatalogProviders]
    public async Task Recently_ingested_photos_are_found_by_ingest_instant_and_in_order(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var since = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        await using (var db = catalog.CreateContext())
        {
            foreach (var (name, ingested) in new[] { ("before", since.AddTicks(-1)), ("at", since), ("after", since.AddHours(1)), ("next day", since.AddDays(1)) })
            {
                var asset = TestAssets.Photo(name, $"2021/2021-05-01/{name}.JPG");
                asset.IngestedAt = ingested;
                db.MediaAssets.Add(asset);
            }

            await db.SaveChangesAsync(ct);
        }

        await using var query = catalog.CreateContext();
        var recent = await query.MediaAssets
            .Where(a => a.IngestedAt >= since)
            .OrderByDescending(a => a.IngestedAt)
            .Select(a => a.OriginalName)
            .ToListAsync(ct);

        Assert.Equal(["next day.JPG", "after.JPG", "at.JPG"], recent);
    }

    [Theory, CatalogProviders]
    public async Task Photos_taken_on_a_local_day_are_found_by_their_wall_clock_date(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = catalog.CreateContext())
        {
            var evening = TestAssets.Photo("evening", "2021/2021-05-01/evening.JPG");
            evening.CapturedAtLocal = TokyoEvening;
            evening.CaptureOffsetMinutes = 540;
            var nextMorning = TestAssets.Photo("morning", "2021/2021-05-02/morning.JPG");
            nextMorning.CapturedAtLocal = new DateTime(2021, 5, 2, 0, 10, 0);
            nextMorning.CaptureOffsetMinutes = 540;
            db.MediaAssets.AddRange(evening, nextMorning);
            await db.SaveChangesAsync(ct);
        }

        var day = new DateTime(2021, 5, 1);
        await using var query = catalog.CreateContext();
        var taken = await query.MediaAssets
            .Where(a => a.CapturedAtLocal >= day && a.CapturedAtLocal < day.AddDays(1))
            .Select(a => a.FinalPath)
            .ToListAsync(ct);

        Assert.Equal(["2021/2021-05-01/evening.JPG"], taken);
    }

    private static async Task<MediaAsset> RoundTripAsync(TestCatalog catalog, MediaAsset asset)
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = catalog.CreateContext())
        {
            db.MediaAssets.Add(asset);
            await db.SaveChangesAsync(ct);
        }

        await using var read = catalog.CreateContext();
        return await read.MediaAssets.SingleAsync(a => a.Id == asset.Id, ct);
    }
}
