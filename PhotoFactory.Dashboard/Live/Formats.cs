using System.Globalization;

namespace PhotoFactory.Dashboard.Live;

/// <summary>Ages, sizes and times as people read them: "42 s", "3 min", "2.5 GB", "2024-05-01 14:32 +02:00".</summary>
public static class Formats
{
    public static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 0 } => "just now",
        { TotalSeconds: < 120 } => $"{(int)age.TotalSeconds} s",
        { TotalMinutes: < 120 } => $"{(int)age.TotalMinutes} min",
        { TotalHours: < 48 } => $"{(int)age.TotalHours} h",
        _ => $"{(int)age.TotalDays} d",
    };

    public static string Interval(TimeSpan interval) =>
        interval.TotalSeconds < 120 ? $"{interval.TotalSeconds:0} s" : $"{interval.TotalMinutes:0.#} min";

    public static string Bytes(long? bytes)
    {
        if (bytes is not { } value)
        {
            return "n/a";
        }

        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        double size = value;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{size:0.#} {units[unit]}");
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A capture time as the camera showed it, with its offset from UTC when known.</summary>
    public static string Captured(DateTime? local, int? offsetMinutes)
    {
        if (local is not { } wallClock)
        {
            return "undated";
        }

        var text = wallClock.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        if (offsetMinutes is not { } offset)
        {
            return text;
        }

        var span = TimeSpan.FromMinutes(Math.Abs(offset));
        return $"{text} {(offset < 0 ? '-' : '+')}{span:hh\\:mm}";
    }

    /// <summary>A UTC instant in the server's local time.</summary>
    public static string Instant(DateTime utc, TimeProvider time) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), time.LocalTimeZone)
            .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
