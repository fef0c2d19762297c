using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Decisions;

namespace PhotoFactory.Librarian.Cataloguing;

/// <summary>
/// Turns a catalogue failure (server down, timeout, locked file) into <see cref="FilingUnavailableException"/>:
/// filing's catalogue calls (<see cref="ClaimJournal"/>, <see cref="AssetLedger"/>) go through it, so that the
/// filing run stops and the service backs off instead of failing file after file. A record the catalogue refused
/// (<see cref="CatalogRefusal"/>) becomes <see cref="CatalogueRefusedException"/>: that file's problem only.
/// </summary>
internal static class CatalogueGuard
{
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (CatalogRefusal.Reason(ex) is { } reason)
        {
            throw new CatalogueRefusedException(reason, ex);
        }
        catch (Exception ex) when (IsCatalogueFailure(ex))
        {
            throw Unavailable(ex);
        }
    }

    public static async Task CallAsync(Func<Task> call) => await CallAsync(async () =>
    {
        await call();
        return true;
    });

    public static FilingUnavailableException Unavailable(Exception ex) =>
        ex as FilingUnavailableException ?? new FilingUnavailableException($"catalogue unavailable: {ex.GetBaseException().Message}", ex);

    /// <summary>True when the catalogue cannot be used (not when it refused one record).</summary>
    public static bool IsCatalogueFailure(Exception ex) =>
        CatalogRefusal.Reason(ex) is null
        && (ex is DbException or DbUpdateException or TimeoutException or FilingUnavailableException
            || ex is InvalidOperationException { InnerException: DbException or TimeoutException }
            || ex.InnerException is DbException);
}
