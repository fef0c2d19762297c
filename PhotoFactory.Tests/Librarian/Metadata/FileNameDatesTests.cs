using PhotoFactory.Librarian.Metadata;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>Dates that phones and apps write into file names.</summary>
public sealed class FileNameDatesTests
{
    [Theory]
    [InlineData("IMG_20200315_101010.jpg", "2020-03-15T10:10:10")]
    [InlineData("VID_20200315_101010.mp4", "2020-03-15T10:10:10")]
    [InlineData("PXL_20230704_120000123.jpg", "2023-07-04T12:00:00.123")]
    [InlineData("PXL_20230704_120000123.MP.jpg", "2023-07-04T12:00:00.123")]
    [InlineData("Screenshot_2022-02-14-09-15-00.png", "2022-02-14T09:15:00")]
    [InlineData("Screenshot_20220214-091500.png", "2022-02-14T09:15:00")]
    [InlineData("IMG-20180101-WA0001.jpg", "2018-01-01T00:00:00")]
    [InlineData("VID-20180101-WA0012.mp4", "2018-01-01T00:00:00")]
    [InlineData("2019-05-01 10.11.12.jpg", "2019-05-01T10:11:12")]
    [InlineData("signal-2021-01-02-030405.jpg", "2021-01-02T03:04:05")]
    [InlineData("signal-2021-01-02-03-04-05-123.jpg", "2021-01-02T03:04:05")]
    [InlineData("Screenshot 2019-05-21 at 10.45.52.png", "2019-05-21T10:45:52")]
    [InlineData("telegram_2020-01-30_09-57-18.jpg", "2020-01-30T09:57:18")]
    [InlineData("2018-04-12 19_24_49.jpg", "2018-04-12T19:24:49")]
    [InlineData("date_20170101_010101.jpg", "2017-01-01T01:01:01")]
    [InlineData("2015-02-04(1).jpg", "2015-02-04T00:00:00")]
    [InlineData("IMG_20200315.jpg", "2020-03-15T00:00:00")]
    public void Date_in_the_name_is_read_as_a_local_wall_clock(string name, string expected)
    {
        var found = FileNameDates.Parse(name);

        Assert.NotNull(found);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), found.Clock);
        Assert.Null(found.Offset);
        Assert.False(found.IsUtc);
        Assert.Equal(CaptureSources.FileName, found.Source);
    }

    [Theory]
    [InlineData("IMG_1234.JPG")]
    [InlineData("DSC01234.ARW")]
    [InlineData("IMG_20201345_101010.jpg")]
    [InlineData("IMG_20200230_101010.jpg")]
    [InlineData("holiday 12345678.jpg")]
    [InlineData("P1000123.JPG")]
    [InlineData("1234567890123.jpg")]
    public void Names_without_a_real_date_give_none(string name) => Assert.Null(FileNameDates.Parse(name));
}
