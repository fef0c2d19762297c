using PhotoFactory.Librarian.Metadata;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>The date strings found in real metadata.</summary>
public sealed class MetadataDateTextTests
{
    [Theory]
    [InlineData("2020:05:04 18:44:06", "2020-05-04T18:44:06", null, false)]
    [InlineData("2020:05:04 18:44:06.273-04:00", "2020-05-04T18:44:06.273", "-04:00", false)]
    [InlineData("2019-07-24T11:25:40+0300", "2019-07-24T11:25:40", "03:00", false)]
    [InlineData("2013:07:05 03:18:27Z", "2013-07-05T03:18:27", null, true)]
    [InlineData("2008:12:31 23:16:24+01:00 DST", "2008-12-31T23:16:24", "01:00", false)]
    [InlineData("2018-09-10T12:16", "2018-09-10T12:16:00", null, false)]
    [InlineData("2004:02:26", "2004-02-26T00:00:00", null, false)]
    [InlineData("2020-01-05T13:20:49+05:45", "2020-01-05T13:20:49", "05:45", false)]
    [InlineData("MON SEP 10 20:52:00 2012", "2012-09-10T20:52:00", null, false)]
    [InlineData("2011:01:13 14:33:39\0", "2011-01-13T14:33:39", null, false)]
    public void Metadata_dates_are_read_with_their_offset(string text, string clock, string? offset, bool isUtc)
    {
        var parsed = MetadataDateText.Parse(text);

        Assert.NotNull(parsed);
        Assert.Equal(DateTime.Parse(clock, System.Globalization.CultureInfo.InvariantCulture), parsed.Value.Clock);
        Assert.Equal(offset is null ? null : TimeSpan.Parse(offset.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture), parsed.Value.Offset);
        Assert.Equal(isUtc, parsed.Value.IsUtc);
    }

    [Theory]
    [InlineData("0000:00:00 00:00:00")]
    [InlineData("    :  :     :  :  ")]
    [InlineData("")]
    [InlineData("2020:13:01 00:00:00")]
    [InlineData("2021:02:29 00:00:00")]
    [InlineData("2020:01:01 24:00:00")]
    [InlineData("2020:01:01 10:00:00+15:00")]
    [InlineData("yesterday")]
    public void Zeroed_or_impossible_dates_are_not_dates(string text) => Assert.Null(MetadataDateText.Parse(text));
}
