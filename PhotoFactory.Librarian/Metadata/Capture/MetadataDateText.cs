using System.Globalization;
using System.Text.RegularExpressions;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Parses the date strings found in metadata: EXIF <c>2020:05:04 18:44:06</c>, ISO 8601 (XMP, Apple
/// <c>2019-07-24T11:25:40+0300</c>), exiftool's <c>…06.273-04:00</c>, AVI's <c>MON SEP 10 20:52:00 2012</c>.
/// Zeroed or malformed values (<c>0000:00:00 00:00:00</c>, blanks) are not dates.
/// </summary>
internal static partial class MetadataDateText
{
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    public static ParsedDate? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim().TrimEnd('\0').Trim();
        if (trimmed.EndsWith(" DST", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^4];
        }

        var match = IsoOrExif().Match(trimmed);
        if (match.Success)
        {
            return FromIsoOrExif(match);
        }

        match = CTime().Match(trimmed);
        return match.Success ? FromCTime(match) : null;
    }

    /// <summary>
    /// <see cref="Parse"/>, and also the RFC 1123 form the PNG specification suggests for Creation Time
    /// (<c>Thu, 04 Jul 2019 12:00:00 +0000</c>, or <c>GMT</c>).
    /// </summary>
    public static ParsedDate? ParseAny(string? text)
    {
        if (Parse(text) is { } parsed)
        {
            return parsed;
        }

        var trimmed = text?.Trim().TrimEnd('\0').Trim();
        string[] formats = ["ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz", "ddd, dd MMM yyyy HH:mm:ss 'GMT'", "dd MMM yyyy HH:mm:ss zzz"];
        if (trimmed is null || !DateTimeOffset.TryParseExact(trimmed.Replace(" +0000", " +00:00", StringComparison.Ordinal), formats,
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return null;
        }

        return new ParsedDate(instant.DateTime, instant.Offset, IsUtc: false);
    }

    /// <summary>Adds an EXIF SubSecTime value (the digits of a decimal fraction, e.g. "273" = 0.273 s).</summary>
    public static DateTime WithSubSeconds(DateTime clock, string? subSeconds)
    {
        if (clock.Ticks % TimeSpan.TicksPerSecond != 0 || string.IsNullOrWhiteSpace(subSeconds))
        {
            return clock;
        }

        var digits = subSeconds.Trim().TrimEnd('\0');
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) ? clock.AddTicks(FractionTicks(digits)) : clock;
    }

    /// <summary>Parses an offset such as <c>+05:30</c>, <c>-0400</c> or <c>+02</c>; null for anything else.</summary>
    public static TimeSpan? ParseOffset(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Offset().Match(text.Trim().TrimEnd('\0'));
        return match.Success ? OffsetOf(match.Value) : null;
    }

    private static ParsedDate? FromIsoOrExif(Match match)
    {
        int year = Number(match, "y"), month = Number(match, "mo"), day = Number(match, "d");
        int hour = Number(match, "h"), minute = Number(match, "mi"), second = Number(match, "s");
        if (!IsValid(year, month, day, hour, minute, second))
        {
            return null;
        }

        var clock = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        if (match.Groups["f"].Success)
        {
            clock = clock.AddTicks(FractionTicks(match.Groups["f"].Value));
        }

        var zone = match.Groups["z"].Value;
        if (zone.Length == 0)
        {
            return new ParsedDate(clock, null, IsUtc: false);
        }

        if (zone == "Z")
        {
            return new ParsedDate(clock, null, IsUtc: true);
        }

        return OffsetOf(zone) is { } offset ? new ParsedDate(clock, offset, IsUtc: false) : null;
    }

    private static ParsedDate? FromCTime(Match match)
    {
        if (!DateTime.TryParseExact(match.Groups["mon"].Value, "MMM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var monthOnly))
        {
            return null;
        }

        int year = Number(match, "y"), day = Number(match, "d");
        int hour = Number(match, "h"), minute = Number(match, "mi"), second = Number(match, "s");
        return IsValid(year, monthOnly.Month, day, hour, minute, second)
            ? new ParsedDate(new DateTime(year, monthOnly.Month, day, hour, minute, second, DateTimeKind.Unspecified), null, IsUtc: false)
            : null;
    }

    private static bool IsValid(int year, int month, int day, int hour, int minute, int second) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
        && hour is >= 0 and <= 23 && minute is >= 0 and <= 59 && second is >= 0 and <= 59;

    private static TimeSpan? OffsetOf(string zone)
    {
        var sign = zone[0] == '-' ? -1 : 1;
        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
        if (minutes >= 60)
        {
            return null;
        }

        var offset = sign * new TimeSpan(hours, minutes, 0);
        return offset.Duration() <= MaxOffset ? offset : null;
    }

    private static long FractionTicks(string digits)
    {
        var seven = digits.Length >= 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(seven, CultureInfo.InvariantCulture);
    }

    private static int Number(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?<y>\d{4})[:\-](?<mo>\d{2})[:\-](?<d>\d{2})(?:[T ]+(?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?\s*(?<z>Z|[+\-]\d{2}(?::?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoOrExif();

    [GeneratedRegex(@"^(?:[A-Za-z]{3},?\s+)?(?<mon>[A-Za-z]{3})\s+(?<d>\d{1,2})\s+(?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})\s+(?<y>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex CTime();

    [GeneratedRegex(@"^[+\-]\d{2}(?::?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Offset();
}
