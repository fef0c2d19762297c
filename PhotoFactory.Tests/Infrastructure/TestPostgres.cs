using System.Text.RegularExpressions;
using Npgsql;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL server the tests use (started by <c>.ci/run</c> and the README's test command).
/// Each caller gets its own throwaway database. There is no fallback: a missing server fails the test.
/// </summary>
public static partial class TestPostgres
{
    public const string EnvironmentVariable = "PHOTOFACTORY_TEST_POSTGRES";
    private const string DefaultAdmin = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultAdmin;

    /// <summary>Creates an empty database and returns its connection string (unpooled, so it can be dropped).</summary>
    /// <param name="purpose">A word for the database name, so a leftover one says which test made it.</param>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        // PostgreSQL keeps 63 bytes of a name: a short purpose, then the whole GUID so names never collide.
        var word = NotNameCharacters().Replace(purpose.ToLowerInvariant(), "_");
        var name = $"pf_{word[..Math.Min(word.Length, 24)]}_{Guid.NewGuid():N}";
        await using var admin = await OpenAdminAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>Drops the database a connection string names, closing any session still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        await using var admin = await OpenAdminAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        // Npgsql's 15 s to connect is not enough for a PostgreSQL shared by several busy test runs.
        var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Timeout = 60 }.ConnectionString);
        try
        {
            await admin.OpenAsync();
            return admin;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            await admin.DisposeAsync();
            throw new InvalidOperationException(
                $"The tests need a PostgreSQL server at '{new NpgsqlConnectionStringBuilder(AdminConnectionString) { Password = null }}'. " +
                $"Run .ci/run, or start one and set {EnvironmentVariable}.", ex);
        }
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotNameCharacters();
}
