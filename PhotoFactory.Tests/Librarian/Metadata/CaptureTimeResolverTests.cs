using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Librarian.Metadata;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>The ranking itself, on hand-made evidence: every rung, offsets, plausibility.</summary>
public sealed class CaptureTimeResolverTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    private CaptureTimeResolver Resolver => new(_time);

    /// <summary>One plausible date per rung, each on a different day, so the winner's day names its rung.</summary>
    private static readonly DateCandidate[] Ladder =
    [
        DateCandidate.Local(CaptureSource.ExifDateTimeOriginal, CaptureSources.ExifDateTimeOriginal, new(2020, 1, 1, 12, 0, 0), null),
        DateCandidate.Local(CaptureSource.ExifCreateDate, CaptureSources.ExifCreateDate, new(2020, 1, 2, 12, 0, 0), null),
        DateCandidate.Local(CaptureSource.QuickTimeCreationDate, CaptureSources.QuickTimeCreationDate, new(2020, 1, 3, 12, 0, 0), TimeSpan.FromHours(3)),
        DateCandidate.Utc(CaptureSource.ContainerDateTimeOriginal, "matroska:DateTimeOriginal", new(2020, 1, 4, 12, 0, 0)),
        DateCandidate.Local(CaptureSource.EmbeddedXmp, CaptureSources.XmpDateCreated, new(2020, 1, 5, 12, 0, 0), null),
        DateCandidate.Local(CaptureSource.SidecarXmp, CaptureSources.SidecarPrefix + CaptureSources.XmpDateCreated, new(2020, 1, 6, 12, 0, 0), null),
        DateCandidate.Utc(CaptureSource.TakeoutPhotoTakenTime, CaptureSources.TakeoutPhotoTakenTime, new(2020, 1, 7, 12, 0, 0)),
        DateCandidate.Utc(CaptureSource.QuickTimeCreateDate, CaptureSources.QuickTimeCreateDate, new(2020, 1, 8, 12, 0, 0)),
    ];

    public static TheoryData<int> Rungs() => new(Enumerable.Range(0, Ladder.Length));

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Each_source_wins_over_every_source_ranked_below_it(int rung)
    {
        var embedded = Ladder.Skip(rung).Where(c => c.Rank is not (CaptureSource.SidecarXmp or CaptureSource.TakeoutPhotoTakenTime)).ToList();
        var sidecars = Ladder.Skip(rung).Where(c => c.Rank is CaptureSource.SidecarXmp or CaptureSource.TakeoutPhotoTakenTime).ToList();
        var evidence = new CaptureEvidence("IMG_20200109_120000.jpg", new MediaMetadata { Dates = embedded.AsEnumerable().Reverse().ToList() }, Now.AddDays(-1))
        {
            Sidecars = new SidecarFacts(sidecars, null, []),
        };

        var captured = Resolver.Resolve(evidence).Captured!;

        Assert.Equal(Ladder[rung].Source, captured.Source);
        Assert.Equal(new DateOnly(2020, 1, 1 + rung), captured.FolderDate);
    }

    [Fact]
    public void File_name_wins_over_the_modification_time_and_that_comes_last()
    {
        var metadata = new MediaMetadata();

        var named = Resolver.Resolve(new CaptureEvidence("IMG_20200109_120000.jpg", metadata, Now.AddDays(-1))).Captured!;
        var unnamed = Resolver.Resolve(new CaptureEvidence("holiday.jpg", metadata, Now.AddDays(-1))).Captured!;
        var nothing = Resolver.Resolve(new CaptureEvidence("holiday.jpg", metadata, null)).Captured;

        Assert.Equal(CaptureSources.FileName, named.Source);
        Assert.Equal(CaptureSources.FileTime, unnamed.Source);
        Assert.Null(nothing);
    }

    [Fact]
    public void UTC_time_is_localised_with_an_offset_the_file_states()
    {
        var metadata = new MediaMetadata
        {
            Dates = [DateCandidate.Utc(CaptureSource.QuickTimeCreateDate, CaptureSources.QuickTimeCreateDate, new(2021, 7, 1, 3, 30, 0))],
            StatedOffset = TimeSpan.FromHours(-5),
        };
        var partner = new CaptureTime(new(2021, 7, 1, 12, 30, 0), TimeSpan.FromHours(9), CaptureSources.ExifDateTimeOriginal, CaptureConfidence.LocalWithOffset);

        var captured = Resolver.Resolve(new CaptureEvidence("clip.mp4", metadata, null) { Partner = partner }).Captured!;

        Assert.Equal(new DateTime(2021, 6, 30, 22, 30, 0), captured.Local);
        Assert.Equal(TimeSpan.FromHours(-5), captured.Offset);
        Assert.Equal(CaptureConfidence.LocalWithOffset, captured.Confidence);
    }

    [Fact]
    public void Takeout_time_is_localised_by_an_offset_from_the_files_other_dates()
    {
        var evidence = new CaptureEvidence("scan.jpg", new MediaMetadata(), null)
        {
            Sidecars = new SidecarFacts(
                [
                    DateCandidate.Utc(CaptureSource.TakeoutPhotoTakenTime, CaptureSources.TakeoutPhotoTakenTime, new(2015, 2, 4, 20, 0, 44)),
                    DateCandidate.Local(CaptureSource.SidecarXmp, "sidecar:xmp:CreateDate", new(1800, 1, 1, 0, 0, 0), TimeSpan.FromHours(5)),
                ], null, []),
        };

        var captured = Resolver.Resolve(evidence).Captured!;

        // The implausible 1800 date is skipped and so is its offset.
        Assert.Equal(CaptureConfidence.UtcOnly, captured.Confidence);
        Assert.Equal(new DateOnly(2015, 2, 4), captured.FolderDate);
    }

    [Theory]
    [InlineData(1825, 12, 31, false)]
    [InlineData(1826, 1, 1, true)]
    [InlineData(2030, 6, 16, true)]
    [InlineData(2030, 6, 17, false)]
    public void Dates_before_1826_or_more_than_a_day_ahead_are_implausible(int year, int month, int day, bool plausible)
    {
        var candidate = DateCandidate.Local(CaptureSource.ExifDateTimeOriginal, CaptureSources.ExifDateTimeOriginal, new DateTime(year, month, day, 11, 0, 0), null);

        Assert.Equal(plausible, Resolver.IsPlausible(candidate));
    }

    [Fact]
    public void A_future_modification_time_gives_no_capture_time()
    {
        var captured = Resolver.Resolve(new CaptureEvidence("holiday.jpg", new MediaMetadata(), Now.AddDays(3))).Captured;

        Assert.Null(captured);
    }
}
