namespace PhotoFactory.Tests.Catalog;

/// <summary>The two databases the catalogue runs on.</summary>
public enum CatalogProvider
{
    /// <summary>The embedded default: one file in the data directory.</summary>
    Sqlite,

    /// <summary>The production database under the AppHost; here the real server the tests are given.</summary>
    Postgres,
}
