using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Integrity;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Dashboard.Live;

namespace PhotoFactory.Dashboard.Originals;

/// <summary>
/// What the Librarian's scrub knows about the originals: its passes (a handful of rows, newest by key) and its findings
/// (the open ones are few and sit on the partial index of open findings).
/// </summary>
public sealed class OriginalsQuery(IDbContextFactory<CatalogDbContext> contexts)
{
    public const int Limit = 200;

    /// <summary>The pass under way, the last complete one, and how many findings stand.</summary>
    public async Task<ScrubState> ReadStateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await db.ScrubPasses.AsNoTracking().Where(p => p.CompletedAt == null)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        var completed = await db.ScrubPasses.AsNoTracking().Where(p => p.CompletedAt != null)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        var open = await db.ScrubFindings.CountAsync(f => f.ResolvedAt == null, cancellationToken);
        return new ScrubState(current, completed, open);
    }

    /// <summary>The findings that stand, oldest first (the longest-standing damage on top), then the latest resolved.</summary>
    public async Task<IReadOnlyList<ScrubFinding>> ReadFindingsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.ScrubFindings.AsNoTracking().Where(f => f.ResolvedAt == null)
            .OrderBy(f => f.FirstSeenAt).ThenBy(f => f.Id).Take(Limit).ToListAsync(cancellationToken);
        var resolved = await db.ScrubFindings.AsNoTracking().Where(f => f.ResolvedAt != null)
            .OrderByDescending(f => f.ResolvedAt).ThenByDescending(f => f.Id).Take(20).ToListAsync(cancellationToken);
        return [.. open, .. resolved];
    }
}

/// <summary>The scrub at a glance.</summary>
public sealed record ScrubState(ScrubPass? Current, ScrubPass? LastComplete, int OpenFindings)
{
    /// <summary>Red while a finding stands, green once a pass has proved everything, grey before the first pass.</summary>
    public Signal Signal => OpenFindings > 0 ? Signal.Red : LastComplete is null ? Signal.Grey : Signal.Green;

    /// <summary>A few words for the overview: "2 files not as filed", "all proved 3 days ago", "first pass 40 %".</summary>
    public string Describe(DateTime now) => (OpenFindings, LastComplete, Current) switch
    {
        ( > 0, _, _) => $"{OpenFindings} file(s) not as filed",
        (_, { CompletedAt: { } at }, _) => $"all proved {Formats.Age(now - at)} ago",
        (_, _, { } pass) => $"first pass {pass.Percent:0} %",
        _ => "not scrubbed yet",
    };
}
