namespace PhotoFactory.Catalog;

/// <summary>Where the catalogue lives when no PostgreSQL connection string is configured.</summary>
public sealed class CatalogOptions
{
    public const string SectionName = HostContract.Section;

    /// <summary>The connection string name the AppHost hands to every service.</summary>
    public const string ConnectionStringName = HostContract.CatalogConnection;

    /// <summary>Application data directory; the embedded catalogue is <c>catalog.db</c> in it.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The catalogue role's password when the connection string has none (<see cref="HostContract.CatalogPassword"/>).</summary>
    public string? CatalogPassword { get; set; }

    public const string EmbeddedFileName = "catalog.db";
}
