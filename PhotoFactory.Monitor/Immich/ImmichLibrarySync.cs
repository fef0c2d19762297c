using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Monitor.Immich;

/// <summary>
/// Keeps Immich's external library over the originals and tells Immich about newly filed photos:
/// <list type="number">
/// <item>makes sure a library with <see cref="ImmichOptions.ImportPath"/> exists for the owner, creating it if missing
/// (never changing another library);</item>
/// <item>watches the catalogue for newly filed photos and asks Immich to scan the library, batched: at most once per
/// <see cref="ImmichOptions.ScanInterval"/>, after <see cref="ImmichOptions.QuietPeriod"/> without new photos;</item>
/// <item>after each scan, looks each scanned photo up in Immich and records its Immich id in the catalogue, which the
/// Dashboard links to.</item>
/// </list>
/// It runs in the Monitor, apart from the Librarian: Immich down, slow or refusing never touches filing. A failed call
/// is retried at the next poll and shown on the <see cref="CheckNames.ImmichLibrary"/> row.
/// </summary>
public sealed class ImmichLibrarySync(
    ImmichApi api,
    IDbContextFactory<CatalogDbContext> contexts,
    CatalogReadiness readiness,
    IOptions<ImmichOptions> options,
    TimeProvider clock,
    ILogger<ImmichLibrarySync> logger) : BackgroundService
{
    private ImmichLibrary? _library;
    private DateTime? _latestFiled;
    private bool _polled;
    private DateTimeOffset? _waitingSince;
    private DateTimeOffset _lastArrival;
    private DateTimeOffset? _lastScan;
    private DateTime? _scannedUpTo;
    private (DateTime IngestedAt, Guid Id)? _cursor;
    private DateTimeOffset _cycleStartedAt;

    /// <summary>What the row shows; replaced whole, read by the probe from another thread.</summary>
    public ImmichLibraryState State { get; private set; } = new() { Configured = !string.IsNullOrWhiteSpace(options.Value.ApiKey) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!State.Configured)
        {
            Log.ImmichNotConfigured(logger);
            return;
        }

        await readiness.WhenReady(stoppingToken);
        // Photos filed while the Monitor was away are scanned for at once.
        _waitingSince = clock.GetUtcNow();
        _lastArrival = _waitingSince.Value - settings.QuietPeriod;
        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        do
        {
            try
            {
                await StepAsync(stoppingToken);
                if (State.Problem is not null)
                {
                    Log.ImmichAnswering(logger, api.Server);
                }

                State = State with { Problem = null, ProblemSince = null };
            }
            // Immich refusing, an odd answer or a catalogue outage alike: none may stop the Monitor (a background
            // service that throws ends its host); each is shown on the row and tried again at the next poll.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (State.Problem != ex.Message)
                {
                    Log.ImmichProblem(logger, ex.Message);
                }

                State = State with { Problem = ex.Message, ProblemSince = State.ProblemSince ?? clock.GetUtcNow() };
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _library ??= await EnsureLibraryAsync(settings, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var latest = await db.MediaAssets.MaxAsync(a => (DateTime?)a.IngestedAt, cancellationToken);
        if (latest != _latestFiled)
        {
            // The first poll only learns where the catalogue stands; the start-up scan covers what is there.
            if (_polled)
            {
                _lastArrival = now;
                _waitingSince ??= now;
            }

            _latestFiled = latest;
        }

        _polled = true;

        if (_waitingSince is { } since
            && (_lastScan is null || now - _lastScan >= settings.ScanInterval)
            && (now - _lastArrival >= settings.QuietPeriod || now - since >= settings.ScanInterval))
        {
            await ScanAsync(_library, cancellationToken);
            _lastScan = now;
            _waitingSince = null;
            _scannedUpTo = _latestFiled;
            _cursor = null;
            _cycleStartedAt = now;
            State = State with { LastScanAt = now, Scans = State.Scans + 1 };
            Log.ImmichScanRequested(logger, _library.Name);
        }

        await LinkAsync(db, _library, settings, now, cancellationToken);
    }

    private async Task<ImmichLibrary> EnsureLibraryAsync(ImmichOptions settings, CancellationToken cancellationToken)
    {
        var owner = settings.OwnerId ?? await api.MyUserIdAsync(cancellationToken);
        var libraries = await api.LibrariesAsync(cancellationToken);
        var library = libraries.FirstOrDefault(l => l.OwnerId == owner && l.ImportPaths.Contains(settings.ImportPath, StringComparer.Ordinal));
        if (library is null)
        {
            library = await api.CreateLibraryAsync(owner, settings.LibraryName, settings.ImportPath, cancellationToken);
            Log.ImmichLibraryCreated(logger, library.Name, library.Id, settings.ImportPath);
        }

        State = State with { Library = library, LibraryCreated = libraries.All(l => l.Id != library.Id) };
        return library;
    }

    private async Task ScanAsync(ImmichLibrary library, CancellationToken cancellationToken)
    {
        try
        {
            await api.ScanAsync(library.Id, cancellationToken);
        }
        catch (ImmichRefusal refusal) when (refusal.Status == System.Net.HttpStatusCode.NotFound)
        {
            // Someone deleted it in Immich: it is made again at the next poll.
            _library = null;
            throw;
        }
    }

    /// <summary>
    /// Looks up, newest first, a batch of scanned photos Immich has no id for yet. Each pass over them starts at a
    /// scan; passes repeat while Immich may still be importing (<see cref="ImmichOptions.LinkFor"/>), then wait for
    /// the next scan, so a file Immich never takes in is not asked about forever.
    /// </summary>
    private async Task LinkAsync(CatalogDbContext db, ImmichLibrary library, ImmichOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_scannedUpTo is not { } upTo || _lastScan is not { } scannedAt)
        {
            return;
        }

        if (_cursor is null && _cycleStartedAt != scannedAt)
        {
            if (now - scannedAt > settings.LinkFor)
            {
                return;
            }

            _cycleStartedAt = now;
        }

        var awaiting = db.MediaAssets.AsNoTracking().Where(a => a.ImmichAssetId == null && a.IngestedAt <= upTo);
        if (_cursor is var (at, id))
        {
            awaiting = awaiting.Where(a => a.IngestedAt < at || (a.IngestedAt == at && a.Id.CompareTo(id) < 0));
        }

        var batch = await awaiting.OrderByDescending(a => a.IngestedAt).ThenByDescending(a => a.Id)
            .Select(a => new { a.Id, a.FinalPath, a.IngestedAt })
            .Take(settings.LookupBatch)
            .ToListAsync(cancellationToken);
        // An empty batch ends the pass; the next one starts from the newest again.
        _cursor = batch.Count == 0 ? null : (batch[^1].IngestedAt, batch[^1].Id);
        if (batch.Count == 0)
        {
            _cycleStartedAt = default;
            return;
        }

        var paths = batch.ToDictionary(a => $"{settings.ImportPath.TrimEnd('/')}/{a.FinalPath}", a => a.Id, StringComparer.Ordinal);
        var found = await api.FindAssetsAsync([.. paths.Keys], cancellationToken);
        var linked = 0;
        foreach (var (path, immichId) in found)
        {
            var assetId = paths[path];
            linked += await db.MediaAssets.Where(a => a.Id == assetId)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.ImmichAssetId, immichId), cancellationToken);
        }

        State = State with { Linked = State.Linked + linked };
    }
}

/// <summary>What <see cref="ImmichLibrarySync"/> has done and is stuck on, for its row.</summary>
public sealed record ImmichLibraryState
{
    /// <summary>Whether an API key was given.</summary>
    public bool Configured { get; init; }

    public ImmichLibrary? Library { get; init; }

    /// <summary>Whether this Monitor created the library (rather than finding it).</summary>
    public bool LibraryCreated { get; init; }

    public DateTimeOffset? LastScanAt { get; init; }

    /// <summary>Scan requests since the Monitor started.</summary>
    public int Scans { get; init; }

    /// <summary>Photos found in Immich since the Monitor started.</summary>
    public int Linked { get; init; }

    /// <summary>Why the last attempt failed, or null.</summary>
    public string? Problem { get; init; }

    public DateTimeOffset? ProblemSince { get; init; }
}
