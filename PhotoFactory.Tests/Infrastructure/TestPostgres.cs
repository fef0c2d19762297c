using Npgsql;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL server the tests use (started by <c>.ci/run</c> and the README's test command).
/// Each caller gets its own throwaway database. There is no fallback: a missing server fails the test.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "PHOTOFACTORY_TEST_POSTGRES";
    private const string DefaultAdmin = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultAdmin;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"pf_{purpose}_{Guid.NewGuid():N}"[..Math.Min(60, 4 + purpose.Length + 33)].ToLowerInvariant();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        try
        {
            await admin.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"The tests need a PostgreSQL server at '{new NpgsqlConnectionStringBuilder(AdminConnectionString) { Password = null }}'. " +
                $"Run .ci/run, or start one and set {EnvironmentVariable}.", ex);
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }
}
