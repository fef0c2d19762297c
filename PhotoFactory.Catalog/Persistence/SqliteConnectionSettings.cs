using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// Per-connection settings of the embedded catalogue. In WAL mode <c>synchronous=NORMAL</c> keeps every commit
/// through a process crash and never corrupts the file; it skips the fsync on each commit, which otherwise caps
/// filing at a few hundred files a second. A power cut may roll back the last commits (the files those rows
/// described are already durable in the originals, and <c>verify</c> lists them). PostgreSQL keeps full durability.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
