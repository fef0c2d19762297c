using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Tests.Catalog.Assets;

public sealed class AssetUniquenessTests
{
    [Theory, CatalogProviders]
    public async Task Two_assets_with_the_same_hash_cannot_both_be_catalogued(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await using (var first = catalog.CreateContext())
        {
            first.MediaAssets.Add(TestAssets.Photo("sunset", "2021/2021-05-01/IMG_0001.JPG"));
            await first.SaveChangesAsync(ct);
        }

        // A second Librarian that checked for the hash before the first one committed.
        await using var second = catalog.CreateContext();
        second.MediaAssets.Add(TestAssets.Photo("sunset", "2021/2021-05-01/IMG_0001 copy.JPG"));
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(ct));

        Assert.True(failure.IsDuplicateSha256(), failure.InnerException?.Message);
        Assert.False(failure.IsDuplicateFinalPath());
        Assert.False(failure.IsDuplicateKey("media_assets"));
        await using var check = catalog.CreateContext();
        Assert.Equal("2021/2021-05-01/IMG_0001.JPG", Assert.Single(await check.MediaAssets.ToListAsync(ct)).FinalPath);
    }

    [Theory, CatalogProviders]
    public async Task Two_assets_cannot_be_catalogued_at_the_same_final_path(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await using (var first = catalog.CreateContext())
        {
            first.MediaAssets.Add(TestAssets.Photo("sunset", "2021/2021-05-01/IMG_0001.JPG"));
            await first.SaveChangesAsync(ct);
        }

        await using var second = catalog.CreateContext();
        second.MediaAssets.Add(TestAssets.Photo("a different photo", "2021/2021-05-01/IMG_0001.JPG"));
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(ct));

        Assert.True(failure.IsDuplicateFinalPath(), failure.InnerException?.Message);
        Assert.False(failure.IsDuplicateSha256());
    }

    [Theory, CatalogProviders]
    public async Task Assets_with_different_content_and_paths_are_all_catalogued(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = catalog.CreateContext())
        {
            db.MediaAssets.AddRange(
                TestAssets.Photo("sunset", "2021/2021-05-01/IMG_0001.JPG"),
                TestAssets.Photo("sunrise", "2021/2021-05-02/IMG_0001.JPG"));
            await db.SaveChangesAsync(ct);
        }

        await using var check = catalog.CreateContext();
        Assert.Equal(2, await check.MediaAssets.CountAsync(ct));
    }

    [Theory, CatalogProviders]
    public async Task A_repeated_asset_id_is_a_duplicate_key_not_mistaken_for_duplicate_content(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using var db = catalog.CreateContext();
        var asset = TestAssets.Photo("sunset", "2021/2021-05-01/IMG_0001.JPG");
        db.MediaAssets.Add(asset);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        // The same primary key again: a constraint failure, but no duplicate content or path.
        await using var second = catalog.CreateContext();
        var again = TestAssets.Photo("other", "2021/2021-05-01/IMG_0002.JPG");
        again.Id = asset.Id;
        second.MediaAssets.Add(again);
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.False(failure.IsDuplicateSha256());
        Assert.False(failure.IsDuplicateFinalPath());
        Assert.True(failure.IsDuplicateKey("media_assets"), failure.InnerException?.Message);
        Assert.False(failure.IsDuplicateKey("ingest_events"));
    }
}
