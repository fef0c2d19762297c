using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context without a running server or a startup project.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCatalogDbContext>
{
    public PostgresCatalogDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresCatalogDbContext>();
        CatalogRegistration.UsePostgres(options, "Host=localhost;Database=photofactory");
        return new PostgresCatalogDbContext(options.Options);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite context.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCatalogDbContext>
{
    public SqliteCatalogDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteCatalogDbContext>();
        options.UseSqlite("Data Source=design-time.db");
        return new SqliteCatalogDbContext(options.Options);
    }
}
