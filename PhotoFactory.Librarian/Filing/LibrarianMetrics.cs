using System.Diagnostics.Metrics;
using System.Diagnostics;
using PhotoFactory.Librarian.Decisions;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// The Librarian's OpenTelemetry instruments: files by outcome, bytes, arrival-to-filed time, queue length, and what the
/// scrub of the originals read and found.
/// </summary>
internal sealed class LibrarianMetrics
{
    public static readonly ActivitySource Activity = new(LibrarianTelemetry.Name);

    private readonly Counter<long> _files;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _arrivalToFiled;
    private readonly Histogram<double> _fileDuration;
    private readonly Counter<long> _scrubBytes;
    private readonly Counter<long> _scrubFiles;
    private readonly Counter<long> _scrubFindings;
    private int _queueLength;

    public LibrarianMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(LibrarianTelemetry.Name);
        _files = meter.CreateCounter<long>("photofactory.librarian.files", "{file}", "Files met in the inbox, by outcome");
        _bytes = meter.CreateCounter<long>("photofactory.librarian.bytes", "By", "Bytes secured in the originals");
        _arrivalToFiled = meter.CreateHistogram<double>("photofactory.librarian.arrival_to_filed", "s", "From the file's last write in the inbox to its being filed");
        _fileDuration = meter.CreateHistogram<double>("photofactory.librarian.file_duration", "s", "Time spent filing one file");
        _scrubBytes = meter.CreateCounter<long>("photofactory.librarian.scrub.bytes", "By", "Bytes of the originals re-read by the scrub");
        _scrubFiles = meter.CreateCounter<long>("photofactory.librarian.scrub.files", "{file}", "Catalogued files checked by the scrub");
        _scrubFindings = meter.CreateCounter<long>("photofactory.librarian.scrub.findings", "{finding}", "Problems the scrub found in the originals, by kind");
        meter.CreateObservableGauge("photofactory.librarian.queue_length", () => Volatile.Read(ref _queueLength), "{file}", "Files waiting in the inbox");
    }

    public int QueueLength
    {
        get => Volatile.Read(ref _queueLength);
        set => Volatile.Write(ref _queueLength, value);
    }

    /// <summary>One step of the scrub recorded: files checked, bytes read, and each finding by its kind.</summary>
    public void Scrubbed(int files, long bytes, IEnumerable<Catalog.Integrity.ScrubFindingKind> findings)
    {
        _scrubFiles.Add(files);
        _scrubBytes.Add(bytes);
        foreach (var kind in findings)
        {
            _scrubFindings.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));
        }
    }

    public void Filed(FilingResult result, TimeSpan duration, DateTime arrivedUtc, DateTime nowUtc)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", result.Outcome.ToString().ToLowerInvariant());
        _files.Add(1, outcome);
        _fileDuration.Record(duration.TotalSeconds, outcome);
        if (result.Outcome == FilingOutcome.Placed)
        {
            _bytes.Add(result.SizeBytes);
            if (arrivedUtc != default)
            {
                _arrivalToFiled.Record(Math.Max(0, (nowUtc - arrivedUtc).TotalSeconds));
            }
        }
    }
}
