using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Turns a catalogue failure (server down, timeout, locked file) into <see cref="FilingUnavailableException"/>,
/// and remembers when the catalogue last failed or answered, for the health check and the back-off.
/// </summary>
internal sealed class CatalogueGuard(TimeProvider time)
{
    private long _failedSinceTicks;
    private volatile string? _lastError;

    /// <summary>When the catalogue started failing, or null while it answers.</summary>
    public DateTimeOffset? FailingSince => Interlocked.Read(ref _failedSinceTicks) is var ticks and > 0
        ? new DateTimeOffset(ticks, TimeSpan.Zero)
        : null;

    public string? LastError => _lastError;

    public async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            var value = await call();
            Interlocked.Exchange(ref _failedSinceTicks, 0);
            return value;
        }
        catch (Exception ex) when (IsCatalogueFailure(ex))
        {
            throw Failed(ex);
        }
    }

    public async Task CallAsync(Func<Task> call) => await CallAsync(async () =>
    {
        await call();
        return true;
    });

    public FilingUnavailableException Failed(Exception ex)
    {
        Interlocked.CompareExchange(ref _failedSinceTicks, time.GetUtcNow().UtcTicks, 0);
        _lastError = ex.GetBaseException().Message;
        return ex as FilingUnavailableException ?? new FilingUnavailableException($"catalogue unavailable: {_lastError}", ex);
    }

    public static bool IsCatalogueFailure(Exception ex) =>
        ex is DbException or DbUpdateException or TimeoutException or FilingUnavailableException
        || ex is InvalidOperationException { InnerException: DbException or TimeoutException }
        || ex.InnerException is DbException;
}
