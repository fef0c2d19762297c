using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Tests.Catalog.Assets;

public sealed class AssetLocationTests
{
    private static readonly GeoLocation Tokyo = new() { Latitude = 35.6762, Longitude = 139.6503, Altitude = 40.25 };
    private static readonly GeoLocation CapeHorn = new() { Latitude = -55.9833, Longitude = -67.2667 };

    [Theory, CatalogProviders]
    public async Task A_location_comes_back_with_latitude_longitude_and_altitude(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var asset = await RoundTripAsync(catalog, Tokyo with { });

        Assert.Equal(Tokyo, asset.Location);
    }

    [Theory, CatalogProviders]
    public async Task A_location_without_altitude_comes_back_without_one(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var asset = await RoundTripAsync(catalog, CapeHorn with { });

        Assert.NotNull(asset.Location);
        Assert.Equal(-55.9833, asset.Location.Latitude);
        Assert.Equal(-67.2667, asset.Location.Longitude);
        Assert.Null(asset.Location.Altitude);
    }

    [Theory, CatalogProviders]
    public async Task A_photo_without_a_location_comes_back_without_one(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var asset = await RoundTripAsync(catalog, location: null);

        Assert.Null(asset.Location);
    }

    [Theory, CatalogProviders]
    public async Task Photos_awaiting_geocoding_are_those_with_a_location_not_yet_geocoded(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = catalog.CreateContext())
        {
            var geocoded = TestAssets.Photo("geocoded", "2021/2021-05-01/A.JPG");
            geocoded.Location = Tokyo with { };
            geocoded.IsGeocoded = true;
            var waiting = TestAssets.Photo("waiting", "2021/2021-05-01/B.JPG");
            waiting.Location = CapeHorn with { };
            var nowhere = TestAssets.Photo("nowhere", "2021/2021-05-01/C.JPG");
            db.MediaAssets.AddRange(geocoded, waiting, nowhere);
            await db.SaveChangesAsync(ct);
        }

        await using var query = catalog.CreateContext();
        var located = await query.MediaAssets.Where(a => a.Location != null).Select(a => a.FinalPath).OrderBy(p => p).ToListAsync(ct);
        var awaiting = await query.MediaAssets
            .Where(a => a.IsIngested && !a.IsGeocoded && a.Location != null)
            .Select(a => a.FinalPath)
            .ToListAsync(ct);

        Assert.Equal(["2021/2021-05-01/A.JPG", "2021/2021-05-01/B.JPG"], located);
        Assert.Equal(["2021/2021-05-01/B.JPG"], awaiting);
    }

    [Theory, CatalogProviders]
    public async Task Photos_are_found_by_the_hemisphere_they_were_taken_in(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = catalog.CreateContext())
        {
            var north = TestAssets.Photo("north", "2021/2021-05-01/N.JPG");
            north.Location = Tokyo with { };
            var south = TestAssets.Photo("south", "2021/2021-05-01/S.JPG");
            south.Location = CapeHorn with { };
            db.MediaAssets.AddRange(north, south, TestAssets.Photo("nowhere", "2021/2021-05-01/X.JPG"));
            await db.SaveChangesAsync(ct);
        }

        await using var query = catalog.CreateContext();
        var southern = await query.MediaAssets.Where(a => a.Location!.Latitude < 0).Select(a => a.FinalPath).ToListAsync(ct);

        Assert.Equal(["2021/2021-05-01/S.JPG"], southern);
    }

    private static async Task<MediaAsset> RoundTripAsync(TestCatalog catalog, GeoLocation? location)
    {
        var ct = TestContext.Current.CancellationToken;
        var asset = TestAssets.Photo("photo", "2021/2021-05-01/IMG_0001.JPG");
        asset.Location = location;
        await using (var db = catalog.CreateContext())
        {
            db.MediaAssets.Add(asset);
            await db.SaveChangesAsync(ct);
        }

        await using var read = catalog.CreateContext();
        return await read.MediaAssets.SingleAsync(a => a.Id == asset.Id, ct);
    }
}
