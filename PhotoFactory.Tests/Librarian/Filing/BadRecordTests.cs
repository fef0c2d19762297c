using System.Security.Cryptography;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>
/// One file whose record the catalogue cannot take as read never stops the others: text from files is cleaned before
/// it reaches the catalogue or the terminal, and a record the catalogue still refuses quarantines that file alone.
/// </summary>
public sealed class BadRecordTests
{
    private static readonly DateTime Taken = new(2017, 3, 3, 8, 0, 0);

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_camera_model_with_a_nul_and_an_escape_sequence_is_stored_cleaned_with_the_fact_recorded_and_the_run_goes_on(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        var clip = await MediaFactory.VideoAsync(workspace.InInbox("clip.mov"), creationTimeUtc: new DateTime(2021, 6, 30, 12, 0, 0, DateTimeKind.Utc));
        await QuickTimeKeys.AppendAsync(clip, [("com.apple.quicktime.model", "iPhone\0 12\u001b[2J")]);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), Taken);

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal("placed", run.For("clip.mov").Outcome);
        Assert.Equal("placed", run.For("IMG_1.JPG").Outcome);
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        var asset = Assert.Single(await workspace.QueryAsync(db => db.MediaAssets.Where(a => a.OriginalName == "clip.mov")));
        Assert.Equal("iPhone 12[2J", asset.CameraModel);
        Assert.True(asset.HasErrors);
        Assert.Contains("camera model stored without control characters", asset.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_path_longer_than_the_catalogue_can_index_is_quarantined_with_the_reason_where_it_is_and_the_run_goes_on(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        // PostgreSQL keeps at most about 2,700 bytes in an index entry (compressed first, so random names); Linux
        // allows 4,096 in a path.
        var deep = string.Join('/', Enumerable.Range(0, 17).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(100))));
        var far = $"{deep}/IMG_2.JPG";
        await MediaFactory.JpegAsync(workspace.InInbox(far), Taken);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_3.JPG"), Taken.AddHours(1));

        var run = await workspace.IngestAsync();

        Assert.Equal("placed", run.For("IMG_3.JPG").Outcome);
        var entry = run.For(far);
        if (provider == CatalogProvider.Postgres)
        {
            Assert.Equal(1, run.Exit); // something quarantined
            Assert.Equal("quarantined", entry.Outcome);
            Assert.StartsWith("the catalogue refused its record: ", entry.Reason, StringComparison.Ordinal);
            Assert.Equal([far], LibrarianWorkspace.FilesUnder(workspace.Quarantine));
        }
        else
        {
            // SQLite has no such limit.
            Assert.Equal(0, run.Exit);
            Assert.Equal("placed", entry.Outcome);
        }

        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
    }

    [Fact]
    public async Task A_file_name_with_an_escape_sequence_reaches_the_terminal_as_question_marks()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_\u001b[2J4.JPG"), Taken);

        await using var process = ProcessRun.StartService("PhotoFactory.Librarian",
            ["ingest", "--inbox", workspace.Inbox, "--originals", workspace.Originals, "--data", workspace.Data, "--quarantine", workspace.Quarantine],
            workspace.Environment());
        Assert.Equal(0, await process.WaitAsync(TimeSpan.FromMinutes(5)));

        Assert.Contains("placed      IMG_?[2J4.JPG -> 2017/2017-03-03/IMG_\u001b[2J4.JPG".Replace("\u001b", "?", StringComparison.Ordinal), process.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', process.StandardOutput);
    }
}
