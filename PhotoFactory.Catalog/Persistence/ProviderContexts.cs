using Microsoft.EntityFrameworkCore;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>The catalogue on PostgreSQL (the production default under the AppHost).</summary>
/// <remarks>Migrations: <c>dotnet ef migrations add NAME --project PhotoFactory.Catalog --context PostgresCatalogDbContext --output-dir Persistence/Migrations/Postgres</c>.</remarks>
public sealed class PostgresCatalogDbContext(DbContextOptions<PostgresCatalogDbContext> options) : CatalogDbContext(options);

/// <summary>The embedded catalogue: one SQLite file in the data directory.</summary>
/// <remarks>Migrations: <c>dotnet ef migrations add NAME --project PhotoFactory.Catalog --context SqliteCatalogDbContext --output-dir Persistence/Migrations/Sqlite</c>.</remarks>
public sealed class SqliteCatalogDbContext(DbContextOptions<SqliteCatalogDbContext> options) : CatalogDbContext(options);
