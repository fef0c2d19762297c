using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Dashboard.Live;

namespace PhotoFactory.Dashboard.Library;

/// <summary>
/// The library grid's reads. Pages are keyset pages, (sort key, id) after the last row shown, so page 10,000
/// costs what page 1 does; counts stop at <see cref="CountCap"/> rather than walk a million rows to say "1,000,000".
/// </summary>
public sealed class LibraryQuery(IDbContextFactory<CatalogDbContext> contexts, IOptions<DashboardOptions> options, Cached<CameraList> cameras)
{
    public const int PageSize = 50;
    public const int CountCap = 10_000;

    public async Task<LibraryPage> ReadPageAsync(LibraryFilter filter, LibrarySort sort, LibraryCursor? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assets = Filter(db.MediaAssets.AsNoTracking(), filter);
        var rows = sort switch
        {
            LibrarySort.IngestedNewest or LibrarySort.IngestedOldest => await ReadByIngestAsync(assets, sort == LibrarySort.IngestedNewest, after, PageSize + 1, cancellationToken),
            _ => await ReadByCaptureAsync(assets, sort == LibrarySort.CapturedNewest, after, PageSize + 1, cancellationToken),
        };

        if (rows.Count <= PageSize)
        {
            return new LibraryPage(rows, null);
        }

        rows.RemoveAt(PageSize);
        var last = rows[^1];
        var next = sort is LibrarySort.IngestedNewest or LibrarySort.IngestedOldest
            ? new LibraryCursor(false, last.IngestedAt, last.Id)
            : new LibraryCursor(last.CapturedAtLocal is null, last.CapturedAtLocal, last.Id);
        return new LibraryPage(rows, next);
    }

    /// <summary>How many assets match, up to <see cref="CountCap"/> + 1 (shown as "more than 10,000").</summary>
    public async Task<long> CountAsync(LibraryFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Filter(db.MediaAssets, filter).Select(a => a.Id).Take(CountCap + 1).LongCountAsync(cancellationToken);
    }

    public async Task<MediaAsset?> ReadAssetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
    }

    /// <summary>The cameras in the library, for the filter; walks the (make, model) index, so it is cached.</summary>
    public async Task<IReadOnlyList<Camera>> ReadCamerasAsync(CancellationToken cancellationToken) =>
        (await cameras.GetAsync(async token =>
        {
            await using var db = await contexts.CreateDbContextAsync(token);
            var pairs = await db.MediaAssets
                .Where(a => a.CameraMake != null || a.CameraModel != null)
                .Select(a => new { a.CameraMake, a.CameraModel })
                .Distinct()
                .Take(1000)
                .ToListAsync(token);
            return new CameraList([.. pairs.Select(p => new Camera(p.CameraMake, p.CameraModel)).OrderBy(c => c.Label, StringComparer.OrdinalIgnoreCase)]);
        }, options.Value.AggregateRefreshInterval, cancellationToken)).Cameras;

    private static IQueryable<MediaAsset> Filter(IQueryable<MediaAsset> assets, LibraryFilter filter)
    {
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            assets = assets.Where(a => a.CapturedAtLocal >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            assets = assets.Where(a => a.CapturedAtLocal < end);
        }

        if (filter.Camera is { } camera)
        {
            assets = assets.Where(a => a.CameraMake == camera.Make && a.CameraModel == camera.Model);
        }

        if (filter.Kind is { } kind)
        {
            assets = assets.Where(a => a.Kind == kind);
        }

        if (filter.HasLocation is { } hasLocation)
        {
            assets = hasLocation ? assets.Where(a => a.Location != null) : assets.Where(a => a.Location == null);
        }

        if (filter.HasErrors is { } hasErrors)
        {
            assets = assets.Where(a => a.HasErrors == hasErrors);
        }

        return assets;
    }

    private static async Task<List<LibraryRow>> ReadByIngestAsync(
        IQueryable<MediaAsset> assets, bool newestFirst, LibraryCursor? after, int take, CancellationToken cancellationToken)
    {
        if (after is { Key: { } key, Id: var id })
        {
            assets = newestFirst
                ? assets.Where(a => a.IngestedAt < key || (a.IngestedAt == key && a.Id.CompareTo(id) < 0))
                : assets.Where(a => a.IngestedAt > key || (a.IngestedAt == key && a.Id.CompareTo(id) > 0));
        }

        var ordered = newestFirst
            ? assets.OrderByDescending(a => a.IngestedAt).ThenByDescending(a => a.Id)
            : assets.OrderBy(a => a.IngestedAt).ThenBy(a => a.Id);
        return await Project(ordered).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Dated assets in capture order first, then the undated ones by id, in both directions.</summary>
    private static async Task<List<LibraryRow>> ReadByCaptureAsync(
        IQueryable<MediaAsset> assets, bool newestFirst, LibraryCursor? after, int take, CancellationToken cancellationToken)
    {
        var rows = new List<LibraryRow>(take);
        if (after is not { InUndated: true })
        {
            var dated = assets.Where(a => a.CapturedAtLocal != null);
            if (after is { Key: { } key, Id: var id })
            {
                dated = newestFirst
                    ? dated.Where(a => a.CapturedAtLocal < key || (a.CapturedAtLocal == key && a.Id.CompareTo(id) < 0))
                    : dated.Where(a => a.CapturedAtLocal > key || (a.CapturedAtLocal == key && a.Id.CompareTo(id) > 0));
            }

            var ordered = newestFirst
                ? dated.OrderByDescending(a => a.CapturedAtLocal).ThenByDescending(a => a.Id)
                : dated.OrderBy(a => a.CapturedAtLocal).ThenBy(a => a.Id);
            rows.AddRange(await Project(ordered).Take(take).ToListAsync(cancellationToken));
            if (rows.Count == take)
            {
                return rows;
            }
        }

        var undated = assets.Where(a => a.CapturedAtLocal == null);
        if (after is { InUndated: true, Id: var undatedId })
        {
            undated = newestFirst ? undated.Where(a => a.Id.CompareTo(undatedId) < 0) : undated.Where(a => a.Id.CompareTo(undatedId) > 0);
        }

        var byId = newestFirst ? undated.OrderByDescending(a => a.Id) : undated.OrderBy(a => a.Id);
        rows.AddRange(await Project(byId).Take(take - rows.Count).ToListAsync(cancellationToken));
        return rows;
    }

    private static IQueryable<LibraryRow> Project(IQueryable<MediaAsset> assets) =>
        assets.Select(a => new LibraryRow(
            a.Id, a.OriginalName, a.FinalPath, a.CapturedAtLocal, a.CaptureOffsetMinutes, a.IngestedAt, a.Kind,
            a.CameraMake, a.CameraModel, a.SizeBytes, a.Location != null, a.HasErrors));
}

/// <summary>The distinct cameras of the library, cached as one value.</summary>
public sealed record CameraList(IReadOnlyList<Camera> Cameras);
