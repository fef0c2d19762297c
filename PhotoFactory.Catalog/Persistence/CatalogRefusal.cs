using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// Tells a catalogue that refused one record (a value it cannot store, a key over its index's size) from a catalogue
/// that cannot be reached: the first is that file's problem, the second everyone's.
/// </summary>
public static class CatalogRefusal
{
    // PostgreSQL's classes of SQLSTATE: 22 data exception (a NUL in text, a value too long), 54 program limit exceeded
    // (an index row over its size). A mistake in our own statements (42) is no file's fault and stays a failure.
    private static readonly string[] RefusingClasses = ["22", "54"];

    private const int SqliteTooBig = 18;
    private const int SqliteMismatch = 20;

    /// <summary>The database's own words when <paramref name="exception"/> (or what it wraps) refused the record's values; otherwise null.</summary>
    public static string? Reason(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteTooBig or SqliteMismatch:
                    return sqlite.Message;
                case DbException { SqlState: { Length: 5 } state } db when RefusingClasses.Contains(state[..2]):
                    return db.Message;
            }
        }

        return null;
    }
}
