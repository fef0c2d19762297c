using System.Globalization;
using PhotoFactory.Librarian.Decisions;

namespace PhotoFactory.Librarian.CommandLine;

/// <summary>A one-line progress bar on standard error, drawn only when it is a terminal.</summary>
internal sealed class ProgressBar(int total, TimeProvider time) : IProgress<FilingResult>
{
    private readonly long _started = time.GetTimestamp();
    private readonly Lock _gate = new();
    private int _done;
    private long _bytes;
    private long _lastDraw;

    public static bool IsWanted => !Console.IsErrorRedirected;

    public void Report(FilingResult value)
    {
        lock (_gate)
        {
            _done++;
            _bytes += value.SizeBytes;
            var now = time.GetTimestamp();
            if (_done < total && time.GetElapsedTime(_lastDraw, now) < TimeSpan.FromMilliseconds(100))
            {
                return;
            }

            _lastDraw = now;
            Draw(time.GetElapsedTime(_started, now));
        }
    }

    public void Finish() => Console.Error.WriteLine();

    private void Draw(TimeSpan elapsed)
    {
        const int width = 30;
        var fraction = total == 0 ? 1 : (double)_done / total;
        var filled = (int)(fraction * width);
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var eta = _done == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(seconds / _done * (total - _done));
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('-', width - filled)}] {_done}/{total} files  {_done / seconds:0} files/s  {_bytes / seconds / 1e6:0.0} MB/s  ETA {eta:hh\\:mm\\:ss} "));
    }
}
