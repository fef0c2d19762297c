using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// Recognises a save that a unique index rejected, on either provider: the catalogue's last word when two
/// writers race to record the same content or the same final path.
/// </summary>
public static class UniqueViolation
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>True when another asset already holds this SHA-256 (the content is a duplicate).</summary>
    public static bool IsDuplicateSha256(this DbUpdateException exception) =>
        exception.IsUniqueViolation("media_assets", "sha256");

    /// <summary>True when another asset already stands at this final path.</summary>
    public static bool IsDuplicateFinalPath(this DbUpdateException exception) =>
        exception.IsUniqueViolation("media_assets", "final_path");

    /// <summary>
    /// True when the save failed because the single-column unique index on <paramref name="table"/>.<paramref name="column"/>
    /// already holds the value; names are the catalogue's snake_case ones.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string table, string column) =>
        exception.InnerException switch
        {
            // PostgreSQL names the violated index; the catalogue names indexes ix_<table>_<column>.
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation
                && string.Equals(postgres.ConstraintName, $"ix_{table}_{column}", StringComparison.Ordinal),
            // SQLite names the columns only in its message: "UNIQUE constraint failed: media_assets.sha256".
            SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
                && sqlite.SqliteExtendedErrorCode == SqliteConstraintUnique
                && sqlite.Message.Contains($"UNIQUE constraint failed: {table}.{column}'", StringComparison.Ordinal),
            _ => false,
        };

    /// <summary>True when the save failed because a row with the same primary key is already in <paramref name="table"/>.</summary>
    public static bool IsDuplicateKey(this DbUpdateException exception, string table) =>
        exception.InnerException switch
        {
            // The catalogue names primary keys pk_<table>.
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation
                && string.Equals(postgres.ConstraintName, $"pk_{table}", StringComparison.Ordinal),
            SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
                && sqlite.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey
                && sqlite.Message.Contains($"UNIQUE constraint failed: {table}.", StringComparison.Ordinal),
            _ => false,
        };
}
