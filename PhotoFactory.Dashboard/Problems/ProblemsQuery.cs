using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Dashboard.Problems;

/// <summary>What needs a person: quarantined files, recent duplicates, assets filed with errors (newest first, bounded).</summary>
public sealed class ProblemsQuery(IDbContextFactory<CatalogDbContext> contexts)
{
    public const int Limit = 100;

    /// <summary>Newest quarantined files, on the (kind, occurred_at) index.</summary>
    public async Task<IReadOnlyList<QuarantinedFile>> ReadQuarantinedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.IngestEvents.AsNoTracking()
            .Where(e => e.Kind == IngestEventKind.Quarantined)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(Limit)
            .Select(e => new QuarantinedFile(e.Id, e.SourcePath, e.Reason, e.QuarantinePath, e.SizeBytes, e.OccurredAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Newest duplicates with the path of the asset they duplicate, joined on its primary key.</summary>
    public async Task<IReadOnlyList<DuplicateFile>> ReadDuplicatesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var duplicates = db.IngestEvents.AsNoTracking()
            .Where(e => e.Kind == IngestEventKind.Duplicate)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(Limit);
        return await (
                from duplicate in duplicates
                join original in db.MediaAssets on duplicate.DuplicateOfAssetId equals original.Id into originals
                from original in originals.DefaultIfEmpty()
                orderby duplicate.OccurredAt descending, duplicate.Id descending
                select new DuplicateFile(duplicate.Id, duplicate.SourcePath, duplicate.Reason, duplicate.DuplicateOfAssetId,
                    original == null ? null : original.FinalPath, duplicate.OccurredAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Newest assets filed with an error, on the has_errors index.</summary>
    public async Task<IReadOnlyList<AssetWithError>> ReadAssetsWithErrorsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking()
            .Where(a => a.HasErrors)
            .OrderByDescending(a => a.IngestedAt).ThenByDescending(a => a.Id)
            .Take(Limit)
            .Select(a => new AssetWithError(a.Id, a.FinalPath, a.ErrorMessage, a.IngestedAt))
            .ToListAsync(cancellationToken);
    }
}

/// <summary>A file the Librarian set aside, and why.</summary>
public sealed record QuarantinedFile(long Id, string SourcePath, string Reason, string? QuarantinePath, long? SizeBytes, DateTime OccurredAt);

/// <summary>A file whose content was already in the library, and the asset that holds it.</summary>
public sealed record DuplicateFile(long Id, string SourcePath, string Reason, Guid? OriginalId, string? OriginalPath, DateTime OccurredAt);

/// <summary>An asset that was filed but recorded an error (e.g. unreadable metadata).</summary>
public sealed record AssetWithError(Guid Id, string FinalPath, string? ErrorMessage, DateTime IngestedAt);
