using System.Text.Json;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Decisions;

namespace PhotoFactory.Librarian.CommandLine;

/// <summary>
/// Writes each result of <c>ingest</c> the moment it is known (one line of text, or one element of the --json
/// array), counts outcomes, and moves the progress bar; nothing is held, however large the inbox.
/// </summary>
internal sealed class IngestOutput : IProgress<FilingResult>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly int[] _counts = new int[Enum.GetValues<FilingOutcome>().Length];
    private readonly Utf8JsonWriter? _json;
    private readonly Stream? _stdout;
    private readonly ProgressBar? _progress;

    public IngestOutput(bool json, ProgressBar? progress)
    {
        _progress = progress;
        if (json)
        {
            _stdout = Console.OpenStandardOutput();
            _json = new Utf8JsonWriter(_stdout, new JsonWriterOptions { Indented = true, Encoder = IngestReport.Encoder });
            _json.WriteStartArray();
        }
    }

    public int Count(FilingOutcome outcome) => _counts[(int)outcome];

    public void Report(FilingResult value)
    {
        lock (_gate)
        {
            _counts[(int)value.Outcome]++;
            if (_json is not null)
            {
                IngestReport.Write(_json, value);
            }
            else
            {
                // Names come from other machines: a control character in one must not steer the terminal.
                Console.Out.WriteLine(CatalogText.Printable(
                    $"{value.Outcome.ToString().ToLowerInvariant(),-11} {value.Source}{(value.Destination is { } d ? " -> " + d : "")}{(value.Reason is { } r ? "  (" + r + ")" : "")}"));
            }
        }

        if (value.Outcome != FilingOutcome.Ignored)
        {
            _progress?.Report(value);
        }
    }

    public void Dispose()
    {
        if (_json is not null)
        {
            _json.WriteEndArray();
            _json.Flush();
            _json.Dispose();
            _stdout!.WriteByte((byte)'\n');
            _stdout.Flush();
        }

        _progress?.Finish();
    }
}
