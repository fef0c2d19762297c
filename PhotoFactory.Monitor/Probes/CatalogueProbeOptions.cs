namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:Catalogue</c>: the query through the catalogue's own connection.</summary>
public sealed class CatalogueProbeOptions : ProbeOptions
{
    public const string SectionName = "Monitor:Catalogue";

    /// <summary>A round trip slower than this is a WARNING.</summary>
    public TimeSpan SlowAfter { get; set; } = TimeSpan.FromSeconds(1);
}
