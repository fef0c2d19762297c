using System.Diagnostics.Metrics;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>Counts metadata reads by the readers that served them, so the exiftool fallback's share shows on the dashboard.</summary>
public sealed class MetadataMetrics(IMeterFactory meterFactory)
{
    private readonly Counter<long> _reads = meterFactory.Create(LibrarianTelemetry.Name).CreateCounter<long>(
        "photofactory.librarian.metadata.reads", unit: "{file}",
        description: "Files whose metadata was read, by reader (metadata-extractor, exiftool, both, none)");

    public void Read(MetadataReaders readers) => _reads.Add(1, new KeyValuePair<string, object?>("reader", readers switch
    {
        MetadataReaders.MetadataExtractor => "metadata-extractor",
        MetadataReaders.ExifTool => "exiftool",
        MetadataReaders.MetadataExtractor | MetadataReaders.ExifTool => "both",
        _ => "none",
    }));
}
