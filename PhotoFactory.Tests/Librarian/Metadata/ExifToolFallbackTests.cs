using System.Diagnostics;
using System.Text;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Planning;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>exiftool as the fallback: for what MetadataExtractor cannot read, one long-lived process, and life without it.</summary>
public sealed class ExifToolFallbackTests : IDisposable
{
    private const int MissingEvent = 3100;
    private const int BrokenEvent = 3101;
    private readonly TempDirectory _temp = new("exiftool");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Exiftool_reads_a_photo_MetadataExtractor_throws_on()
    {
        await using var host = new MetadataHost();
        var path = await MediaFactory.JpegThatMetadataExtractorRejectsAsync(_temp.Combine("extended-xmp.jpg"), new DateTime(2019, 5, 1, 10, 11, 12));

        var metadata = await host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(new DateTime(2019, 5, 1, 10, 11, 12), metadata.Captured!.Local);
        Assert.Equal(CaptureSources.ExifDateTimeOriginal, metadata.Captured.Source);
        Assert.Equal(MetadataReaders.ExifTool, metadata.ReadWith);
        Assert.StartsWith("MetadataExtractor failed: XmpException", metadata.ReadProblem);
        Assert.EndsWith("exiftool fallback used", metadata.ReadProblem);
    }

    [Fact]
    public async Task Exiftool_reads_Matroska_which_MetadataExtractor_does_not_know()
    {
        await using var host = new MetadataHost();
        var path = await MediaFactory.VideoAsync(_temp.Combine("clip.mkv"), creationTimeUtc: new DateTime(2021, 6, 30, 23, 30, 0));

        var metadata = await host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(MediaFormat.Matroska, metadata.Format);
        Assert.Equal("matroska:DateTimeOriginal", metadata.Captured!.Source);
        Assert.Equal(new DateOnly(2021, 6, 30), metadata.Captured.FolderDate);
        Assert.Equal(CaptureConfidence.UtcOnly, metadata.Captured.Confidence);
        Assert.Contains("cannot read Matroska", metadata.ReadProblem);
    }

    [Fact]
    public async Task Exiftool_reads_an_old_QuickTime_movie_without_an_ftyp_box()
    {
        await using var host = new MetadataHost();
        var path = await MediaFactory.VideoAsync(_temp.Combine("old.mov"), creationTimeUtc: new DateTime(2003, 6, 29, 17, 17, 17));
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        "free"u8.CopyTo(bytes.AsSpan(4)); // the ftyp box becomes padding, as in pre-2001 QuickTime files
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var metadata = await host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(MediaFormat.QuickTime, metadata.Format);
        Assert.Equal(CaptureSources.QuickTimeCreateDate, metadata.Captured!.Source);
        Assert.Equal(new DateTime(2003, 6, 29, 17, 17, 17), metadata.Captured.Local);
        Assert.Contains("without an ftyp box", metadata.ReadProblem);
    }

    [Fact]
    public async Task Photo_without_any_date_is_also_asked_of_exiftool()
    {
        await using var host = new MetadataHost();
        var path = await MediaFactory.PngAsync(_temp.Combine("screenshot.png"));

        var metadata = await host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(MetadataReaders.MetadataExtractor | MetadataReaders.ExifTool, metadata.ReadWith);
        Assert.Null(metadata.Captured);
        Assert.Equal(16, metadata.Width);
        Assert.Null(metadata.ReadProblem);
    }

    [Fact]
    public async Task Without_exiftool_the_reader_still_works_and_says_so_once()
    {
        await using var host = new MetadataHost(exifToolPath: _temp.Combine("no-such-dir", "exiftool"));
        var ordinary = await MediaFactory.JpegAsync(_temp.Combine("ordinary.jpg"), new DateTime(2020, 2, 2, 2, 2, 2));
        var rejected = await MediaFactory.JpegThatMetadataExtractorRejectsAsync(_temp.Combine("rejected.jpg"), new DateTime(2019, 5, 1, 10, 11, 12));
        var matroska = await MediaFactory.VideoAsync(_temp.Combine("clip.mkv"), creationTimeUtc: new DateTime(2021, 6, 30, 23, 30, 0));

        var first = await host.Reader.ReadAsync(ordinary, TestContext.Current.CancellationToken);
        var second = await host.Reader.ReadAsync(rejected, TestContext.Current.CancellationToken);
        var third = await host.Reader.ReadAsync(matroska, TestContext.Current.CancellationToken);
        var fourth = await host.Reader.ReadAsync(rejected, TestContext.Current.CancellationToken);

        Assert.Equal(new DateOnly(2020, 2, 2), first.Captured!.FolderDate);
        Assert.Null(second.Captured);
        Assert.Contains("exiftool fallback unavailable", second.ReadProblem);
        Assert.True(third.IsRecognisedMedia);
        Assert.Null(third.Captured);
        Assert.Null(fourth.Captured);
        Assert.False(host.ExifTool.IsAvailable);
        var warning = Assert.Single(host.Log.Entries, entry => entry.Event.Id == MissingEvent);
        Assert.Contains("no-such-dir", warning.Message);
    }

    [Fact]
    public async Task One_exiftool_process_serves_every_file()
    {
        await using var host = new MetadataHost();
        var paths = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            paths.Add(await MediaFactory.PngAsync(_temp.Combine($"undated-{i}.png")));
        }

        int? processId = null;
        foreach (var path in paths)
        {
            var metadata = await host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);
            Assert.True(metadata.ReadWith.HasFlag(MetadataReaders.ExifTool));
            processId ??= host.ExifTool.ProcessId;
            Assert.Equal(processId, host.ExifTool.ProcessId);
        }

        Assert.Equal(1, host.ExifTool.StartCount);
    }

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_files_answer()
    {
        await using var host = new MetadataHost();
        var files = new List<(string Path, DateTime Date)>();
        for (var i = 0; i < 8; i++)
        {
            var date = new DateTime(2020, 1, 1 + i, 10, 0, i);
            files.Add((await MediaFactory.JpegAsync(_temp.Combine($"parallel-{i}.jpg"), date), date));
        }

        var answers = await Task.WhenAll(files.Select(file => Task.Run(() => host.ExifTool.ReadAsync(file.Path, TestContext.Current.CancellationToken))));

        for (var i = 0; i < files.Count; i++)
        {
            Assert.Null(answers[i].Problem);
            Assert.Equal(MediaFactory.Exif(files[i].Date), answers[i].Tags!.Value.GetProperty("ExifIFD:DateTimeOriginal").GetString());
        }

        Assert.Equal(1, host.ExifTool.StartCount);
    }

    [Theory]
    [InlineData("  leading spaces.jpg")]
    [InlineData("line\nbreak.jpg")]
    [InlineData("back\\slash \"quoted\" ünïcødé 日本.jpg")]
    [InlineData("-starts-like-an-option.jpg")]
    public async Task Odd_file_names_reach_exiftool_intact(string name)
    {
        await using var host = new MetadataHost();
        var path = await MediaFactory.JpegAsync(_temp.Combine(name), new DateTime(2020, 4, 4, 4, 4, 4));

        var answer = await host.ExifTool.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Null(answer.Problem);
        Assert.Equal("2020:04:04 04:04:04", answer.Tags!.Value.GetProperty("ExifIFD:DateTimeOriginal").GetString());
    }

    [Fact]
    public async Task Exiftool_is_restarted_when_its_process_dies()
    {
        await using var host = new MetadataHost();
        var path = await MediaFactory.JpegAsync(_temp.Combine("restart.jpg"), new DateTime(2020, 3, 3, 3, 3, 3));
        Assert.Null((await host.ExifTool.ReadAsync(path, TestContext.Current.CancellationToken)).Problem);
        var firstProcess = host.ExifTool.ProcessId!.Value;

        using (var process = Process.GetProcessById(firstProcess))
        {
            process.Kill();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var answer = await host.ExifTool.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Null(answer.Problem);
        Assert.Equal("2020:03:03 03:03:03", answer.Tags!.Value.GetProperty("ExifIFD:DateTimeOriginal").GetString());
        Assert.Equal(2, host.ExifTool.StartCount);
        Assert.NotEqual(firstProcess, host.ExifTool.ProcessId);
    }

    [Fact]
    public async Task A_hung_exiftool_is_stopped_after_the_timeout()
    {
        var script = Script("hangs", "exec sleep 60");
        await using var host = new MetadataHost(exifToolPath: script, exifToolTimeout: TimeSpan.FromSeconds(1));
        var path = await MediaFactory.JpegAsync(_temp.Combine("slow.jpg"));

        var clock = Stopwatch.StartNew();
        var answer = await host.ExifTool.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Contains("took longer than 1 s", answer.Problem);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Null(host.ExifTool.ProcessId);
    }

    [Fact]
    public async Task An_exiftool_that_never_answers_is_given_up_on_and_reported_once()
    {
        var script = Script("broken", "echo 'Can't locate Image/ExifTool.pm' >&2; exit 2");
        await using var host = new MetadataHost(exifToolPath: script);
        var path = await MediaFactory.PngAsync(_temp.Combine("any.png"));

        for (var i = 0; i < 4; i++)
        {
            var metadata = await host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);
            Assert.True(metadata.IsRecognisedMedia);
        }

        Assert.False(host.ExifTool.IsAvailable);
        Assert.Equal(3, host.ExifTool.StartCount);
        Assert.Single(host.Log.Entries, entry => entry.Event.Id == BrokenEvent);
    }

    private string Script(string name, string body)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the stand-in exiftool is a shell script");
        }

        var path = _temp.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n", Encoding.ASCII);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
