using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Dashboard;
using PhotoFactory.Dashboard.Library;
using PhotoFactory.Dashboard.Live;
using PhotoFactory.Tests.Catalog;

namespace PhotoFactory.Tests.Dashboard.Library;

/// <summary>The library's keyset pages on both providers: every asset once, in order, ties and undated ones included.</summary>
public sealed class LibraryQueryTests
{
    private const int Dated = 100;
    private const int Undated = 30;

    [Theory, CatalogProviders]
    public async Task Paging_through_the_library_shows_every_asset_once_in_every_order(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider, "dashboard_paging");
        var ingestedBase = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var db = catalog.CreateContext())
        {
            for (var i = 0; i < Dated + Undated; i++)
            {
                db.MediaAssets.Add(new MediaAsset
                {
                    Sha256 = i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture),
                    OriginalName = $"IMG_{i}.JPG",
                    OriginalPath = $"IMG_{i}.JPG",
                    FinalPath = $"f/{i}.JPG",
                    // Ten assets share each capture minute and five each ingest second: ties the id must break.
                    CapturedAtLocal = i < Dated ? new DateTime(2024, 1, 1 + (i / 10), 12, 0, 0, DateTimeKind.Unspecified) : null,
                    IngestedAt = ingestedBase.AddSeconds(i / 5),
                    CreatedAt = ingestedBase,
                    Kind = MediaKind.Photo,
                });
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var options = Options.Create(new DashboardOptions());
        var query = new LibraryQuery(catalog.Contexts(), options, new Cached<CameraList>(TimeProvider.System, NullLogger<Cached<CameraList>>.Instance));

        Assert.Equal(Dated + Undated, await query.CountAsync(LibraryFilter.None, TestContext.Current.CancellationToken));
        foreach (var sort in Enum.GetValues<LibrarySort>())
        {
            var rows = new List<LibraryRow>();
            LibraryCursor? cursor = null;
            var pages = 0;
            do
            {
                var page = await query.ReadPageAsync(LibraryFilter.None, sort, cursor, TestContext.Current.CancellationToken);
                rows.AddRange(page.Rows);
                cursor = page.Next;
                pages++;
            }
            while (cursor is not null && pages < 10);

            Assert.Equal(Dated + Undated, rows.Select(r => r.Id).Distinct().Count());
            Assert.Equal(Dated + Undated, rows.Count);
            Assert.Equal((Dated + Undated + LibraryQuery.PageSize - 1) / LibraryQuery.PageSize, pages);
            switch (sort)
            {
                case LibrarySort.CapturedNewest:
                    Assert.Equal(rows.Take(Dated).Select(r => r.CapturedAtLocal).OrderDescending(), rows.Take(Dated).Select(r => r.CapturedAtLocal));
                    Assert.All(rows.Skip(Dated), r => Assert.Null(r.CapturedAtLocal));
                    break;
                case LibrarySort.CapturedOldest:
                    Assert.Equal(rows.Take(Dated).Select(r => r.CapturedAtLocal).Order(), rows.Take(Dated).Select(r => r.CapturedAtLocal));
                    Assert.All(rows.Skip(Dated), r => Assert.Null(r.CapturedAtLocal));
                    break;
                case LibrarySort.IngestedNewest:
                    Assert.Equal(rows.Select(r => r.IngestedAt).OrderDescending(), rows.Select(r => r.IngestedAt));
                    break;
                case LibrarySort.IngestedOldest:
                    Assert.Equal(rows.Select(r => r.IngestedAt).Order(), rows.Select(r => r.IngestedAt));
                    break;
            }
        }
    }
}
