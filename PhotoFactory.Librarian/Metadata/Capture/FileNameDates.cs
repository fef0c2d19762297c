using System.Text.RegularExpressions;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Dates that cameras, phones and apps put in file names: Android <c>IMG_20200315_101010</c> / <c>VID_…</c>, Pixel
/// <c>PXL_20230704_120000123</c>, <c>Screenshot_2022-02-14-09-15-00</c>, WhatsApp <c>IMG-20180101-WA0001</c> (date
/// only), Dropbox <c>2019-05-01 10.11.12</c>, Signal <c>signal-2021-01-02-030405</c>, macOS
/// <c>Screenshot 2019-05-21 at 10.45.52</c>, Telegram <c>telegram_2020-01-30_09-57-18</c>, and a bare
/// <c>2015-02-04</c>. The time is the local wall clock; its offset is unknown.
/// </summary>
public static partial class FileNameDates
{
    /// <summary>The date in the name (extension ignored), or null when there is none or it is not a real date.</summary>
    public static DateCandidate? Parse(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        foreach (var pattern in (Regex[])[CompactDateTime(), SeparatedDateTime(), WhatsApp(), SeparatedDate(), CompactDate()])
        {
            foreach (Match match in pattern.Matches(name))
            {
                if (ToClock(match) is { } clock)
                {
                    return DateCandidate.Local(CaptureSource.FileName, CaptureSources.FileName, clock, offset: null);
                }
            }
        }

        return null;
    }

    private static DateTime? ToClock(Match match)
    {
        int Part(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].ValueSpan, provider: null) : 0;

        int year = Part("y"), month = Part("mo"), day = Part("d"), hour = Part("h"), minute = Part("mi"), second = Part("s");
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var clock = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return match.Groups["ms"].Success ? clock.AddMilliseconds(Part("ms")) : clock;
    }

    // IMG_20200315_101010, VID_20200315_101010, PXL_20230704_120000123, date_20170101_010101, 20200315101010
    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})(?<mo>\d{2})(?<d>\d{2})[_\-T ]?(?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})(?<ms>\d{3})?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDateTime();

    // Screenshot_2022-02-14-09-15-00, 2019-05-01 10.11.12, signal-2021-01-02-030405, Screenshot 2019-05-21 at 10.45.52
    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})[\-_.](?<mo>\d{2})[\-_.](?<d>\d{2})(?:[ _T\-]| at )+(?<h>\d{2})[\-_.:]?(?<mi>\d{2})[\-_.:]?(?<s>\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatedDateTime();

    // IMG-20180101-WA0001, VID-20180101-WA0001
    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})(?<mo>\d{2})(?<d>\d{2})-WA\d+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WhatsApp();

    // 2015-02-04, 2015_02_04
    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})[\-_](?<mo>\d{2})[\-_](?<d>\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatedDate();

    // IMG_20200315, 20200315
    [GeneratedRegex(@"(?<![\dA-Za-z])(?<y>(?:19|20)\d{2})(?<mo>\d{2})(?<d>\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDate();
}
