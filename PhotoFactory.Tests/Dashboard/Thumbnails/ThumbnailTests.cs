using System.Net;
using System.Security.Cryptography;
using CliWrap;
using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using Microsoft.Playwright;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PhotoFactory.Tests.Dashboard.Thumbnails;

/// <summary>
/// The pictures on the pages, made from real camera files filed into an originals folder, served by the running
/// Dashboard to a signed-in Chromium: the camera's own preview, one made with libvips, and placeholders that say why.
/// </summary>
[Trait("Category", CorpusFolder.Category)]
public sealed class ThumbnailTests : IAsyncLifetime
{
    private const string Jpeg = "image/jpeg";

    private readonly TempDirectory _originals = new("originals");
    private readonly Dictionary<string, MediaAsset> _assets = [];
    private TestCatalog _catalog = null!;
    private DashboardServer _dashboard = null!;
    private Browser _browser = null!;
    private IPage _page = null!;
    private string[] _originalFiles = [];

    public async ValueTask InitializeAsync()
    {
        _catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Postgres, "thumbnails");
        var ingested = DateTime.UtcNow;
        await using (var db = _catalog.CreateContext())
        {
            // The newest first on the overview: the order they are added in.
            File("preview", "drewnoakes+metadata-extractor-images/jpg/Nokia Lumia 800.jpg", MediaKind.Photo, ingested);
            File("made", "drewnoakes+metadata-extractor-images/jpg/Apple iPhone 4.jpg", MediaKind.Photo, ingested.AddSeconds(-1));
            File("heic", "drewnoakes+metadata-extractor-images/heic/IMG_2929.HEIC", MediaKind.Photo, ingested.AddSeconds(-2));
            File("raw", "drewnoakes+metadata-extractor-images/nef/Issue 247-1.nef", MediaKind.Raw, ingested.AddSeconds(-3));
            File("damaged", "drewnoakes+metadata-extractor-images/fuzzing/crash-15e5cd044a709974fb9a9f73998d3132cecdcbdb.fuzzed", MediaKind.Photo, ingested.AddSeconds(-4), "damaged.jpg");
            File("video", "drewnoakes+metadata-extractor-images/mov/xmp480qt.mov", MediaKind.Video, ingested.AddSeconds(-5));
            File("missing", "drewnoakes+metadata-extractor-images/jpg/HTC Desire.jpg", MediaKind.Photo, ingested.AddSeconds(-6));
            System.IO.File.Delete(Path.Combine(_originals.Path, _assets["missing"].FinalPath));
            db.MediaAssets.AddRange(_assets.Values);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        _originalFiles = FilesUnder(_originals.Path);
        _dashboard = await DashboardServer.StartAsync(_catalog, waitUntilHealthy: true, ("PhotoFactory__Originals", _originals.Path));
        _browser = await Browser.LaunchAsync();
        _page = await _browser.OpenSignedInAsync(_dashboard);
    }

    /// <summary>Files a corpus file into the originals as the Librarian would, and catalogues it under <paramref name="key"/>.</summary>
    private void File(string key, string corpusPath, MediaKind kind, DateTime ingested, string? name = null)
    {
        var source = CorpusFolder.PathOf(corpusPath);
        name ??= Path.GetFileName(source);
        var finalPath = $"2020/2020-05-04/{name}";
        var target = Path.Combine(_originals.Path, finalPath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        System.IO.File.Copy(source, target);
        _assets[key] = new MediaAsset
        {
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(target))),
            OriginalName = name,
            OriginalPath = $"phone/{name}",
            FinalPath = finalPath,
            SizeBytes = new FileInfo(target).Length,
            Kind = kind,
            IngestedAt = ingested,
        };
    }

    [Fact]
    public async Task The_small_picture_is_the_cameras_own_preview_made_once_and_kept_under_the_data_folder()
    {
        var asset = _assets["preview"];

        var first = await GetAsync(asset.Id, "small");

        Assert.Equal((HttpStatusCode.OK, Jpeg), (first.Status, first.ContentType));
        // The very bytes exiftool finds as the file's thumbnail image.
        Assert.Equal(await ExifToolThumbnailAsync(Path.Combine(_originals.Path, asset.FinalPath)), first.Body);
        // The overview the test signed in to may have asked for it first; either way it is kept, by content.
        var cached = Assert.Single(FilesUnder(Path.Combine(_catalog.DataDirectory, "thumbnails")), file => Path.GetFileName(file) == $"{asset.Sha256}-small.jpg");
        Assert.Equal(first.Body, await System.IO.File.ReadAllBytesAsync(cached, TestContext.Current.CancellationToken));
        var madeAt = System.IO.File.GetLastWriteTimeUtc(cached);
        Assert.Contains("immutable", first.Headers["cache-control"], StringComparison.Ordinal);
        Assert.Contains("private", first.Headers["cache-control"], StringComparison.Ordinal);

        // Asked again: the same picture from the cache; with its tag, not even that.
        var again = await GetAsync(asset.Id, "small");
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(madeAt, System.IO.File.GetLastWriteTimeUtc(cached));
        var unchanged = await GetAsync(asset.Id, "small", ("If-None-Match", first.Headers["etag"]));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.Status);

        // Nothing was written beside the originals.
        Assert.Equal(_originalFiles, FilesUnder(_originals.Path));
    }

    [Theory]
    [InlineData("made", "small", 160, 1296, 968)]
    [InlineData("made", "large", 1024, 1296, 968)]
    [InlineData("raw", "large", 1024, 0, 0)]
    public async Task Without_a_usable_preview_a_picture_is_made_that_fits_its_box(string key, string size, int box, int width, int height)
    {
        var picture = await GetAsync(_assets[key].Id, size);

        Assert.Equal((HttpStatusCode.OK, Jpeg), (picture.Status, picture.ContentType));
        var (madeWidth, madeHeight) = JpegSize(picture.Body);
        Assert.True(Math.Max(madeWidth, madeHeight) <= box, $"{madeWidth}x{madeHeight} fits {box}");
        Assert.True(madeWidth > 0 && madeHeight > 0);
        if (width > 0)
        {
            Assert.Equal(box, madeWidth);
            Assert.Equal(box * height / (double)width, madeHeight, 1.0);
        }
    }

    [Theory]
    [InlineData("heic", "No picture", "cannot be decoded here: heif: Error while loading plugin: Support for this compression format has not been built in: HEVC")]
    [InlineData("damaged", "No picture", "cannot be decoded here: VipsForeignLoad: \"damaged.jpg\" is not a known file format")]
    [InlineData("video", "Video", "a video")]
    [InlineData("missing", "No picture", "the original is missing")]
    public async Task A_file_without_a_picture_gets_a_placeholder_that_says_why(string key, string title, string reason)
    {
        var placeholder = await GetAsync(_assets[key].Id, "small");

        Assert.Equal((HttpStatusCode.OK, "image/svg+xml"), (placeholder.Status, placeholder.ContentType));
        Assert.StartsWith(reason, placeholder.Headers["x-thumbnail-problem"], StringComparison.Ordinal);
        var svg = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(placeholder.Body)).Root!;
        Assert.StartsWith($"{title}: {reason}", svg.Element(svg.Name.Namespace + "title")!.Value, StringComparison.Ordinal);
        Assert.Contains("no-cache", placeholder.Headers["cache-control"], StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", placeholder.Headers["content-security-policy"], StringComparison.Ordinal);

        // Its page still shows, with the placeholder as its picture.
        await OpenAsync($"library/{_assets[key].Id}");
        await Expect(_page.GetByTestId("asset-name")).ToHaveTextAsync(_assets[key].OriginalName);
        await ExpectLoadedAsync(_page.Locator("main [data-testid='thumbnail']"));
    }

    [Fact]
    public async Task A_missing_original_put_back_gets_its_picture_without_a_restart()
    {
        var asset = _assets["missing"];
        var missing = await GetAsync(asset.Id, "large");
        Assert.Equal("image/svg+xml", missing.ContentType);
        Assert.StartsWith("the original is missing", missing.Headers["x-thumbnail-problem"], StringComparison.Ordinal);

        // Restored from a backup, say, after the scrub reported it missing.
        System.IO.File.Copy(CorpusFolder.PathOf("drewnoakes+metadata-extractor-images/jpg/HTC Desire.jpg"), Path.Combine(_originals.Path, asset.FinalPath));
        var restored = await GetAsync(asset.Id, "large");

        Assert.Equal((HttpStatusCode.OK, Jpeg), (restored.Status, restored.ContentType));
        Assert.True(JpegSize(restored.Body).Width > 0);
    }

    [Fact]
    public async Task A_picture_the_data_folder_cannot_keep_is_still_served_and_made_again_next_time()
    {
        // The pictures' folder cannot be made (a full or read-only data folder fails the same way): a file stands in its place.
        // The overview the test signed in to may still be making its pictures: once its requests are done, the folder
        // is replaced (again, should a picture finishing just then make it anew).
        await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var thumbnails = Path.Combine(_catalog.DataDirectory, "thumbnails");
        await Eventually.ReturnsAsync(async () =>
        {
            try
            {
                if (System.IO.Directory.Exists(thumbnails))
                {
                    System.IO.Directory.Delete(thumbnails, recursive: true);
                }

                await System.IO.File.WriteAllTextAsync(thumbnails, "not a folder", TestContext.Current.CancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            return System.IO.File.Exists(thumbnails);
        }, isFile => isFile, "the pictures' folder is replaced by a file", TimeSpan.FromSeconds(30));
        var asset = _assets["made"];

        var first = await GetAsync(asset.Id, "large");
        var second = await GetAsync(asset.Id, "large");

        Assert.Equal((HttpStatusCode.OK, Jpeg), (first.Status, first.ContentType));
        Assert.Equal((HttpStatusCode.OK, Jpeg), (second.Status, second.ContentType));
        Assert.True(Math.Max(JpegSize(first.Body).Width, JpegSize(first.Body).Height) <= 1024);
        Assert.Equal("not a folder", await System.IO.File.ReadAllTextAsync(thumbnails, TestContext.Current.CancellationToken));
        Assert.Contains("is served but not kept", _dashboard.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_picture_is_found_only_by_an_asset_id_and_only_by_a_signed_in_user()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(Guid.NewGuid(), "small")).Status);
        var escape = await _page.APIRequest.GetAsync(new Uri(_dashboard.Address, "thumbnails/..%2F..%2F..%2Fetc%2Fpasswd").ToString());
        Assert.Equal(404, escape.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(_assets["made"].Id, "huge")).Status);

        using var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _dashboard.Address };
        using var response = await stranger.GetAsync($"thumbnails/{_assets["made"].Id}", TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(Jpeg, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_overview_library_and_asset_page_show_the_pictures()
    {
        await OpenAsync("");
        var latest = _page.GetByTestId("latest-filed").GetByTestId("thumbnail");
        await Expect(latest).ToHaveCountAsync(_assets.Count);
        for (var i = 0; i < _assets.Count; i++)
        {
            await ExpectLoadedAsync(latest.Nth(i));
        }

        await Browser.ScreenshotAsync(_page, "overview-thumbnails");

        await OpenAsync("library");
        var listed = _page.GetByTestId("library-grid").GetByTestId("thumbnail");
        await Expect(listed).ToHaveCountAsync(_assets.Count);
        await ExpectLoadedAsync(listed.First);

        await OpenAsync($"library/{_assets["made"].Id}");
        var picture = _page.Locator("main [data-testid='thumbnail']");
        await ExpectLoadedAsync(picture);
        Assert.Equal(1024, await picture.EvaluateAsync<int>("img => img.naturalWidth"));
        await Browser.ScreenshotAsync(_page, "asset-picture");
    }

    /// <summary>Opens a page and waits until it is live (the server's first rendering is then replaced).</summary>
    private async Task OpenAsync(string path)
    {
        await _page.GotoAsync(new Uri(_dashboard.Address, path).ToString());
        await Expect(_page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
    }

    /// <summary>Scrolled into view (pictures load lazily), the browser decoded it: a picture or a placeholder, never a broken image.</summary>
    private static async Task ExpectLoadedAsync(ILocator image)
    {
        await image.ScrollIntoViewIfNeededAsync();
        await Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0, $"{await image.GetAttributeAsync("src")} shows nothing");
    }

    private async Task<(HttpStatusCode Status, string? ContentType, byte[] Body, Dictionary<string, string> Headers)> GetAsync(
        Guid id, string size, params (string Name, string Value)[] headers)
    {
        var response = await _page.APIRequest.GetAsync(new Uri(_dashboard.Address, $"thumbnails/{id}?size={size}").ToString(),
            new APIRequestContextOptions { Headers = headers.ToDictionary(h => h.Name, h => h.Value) });
        var body = await response.BodyAsync();
        var all = response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        var type = all.TryGetValue("content-type", out var contentType) ? contentType.Split(';')[0] : null;
        return ((HttpStatusCode)response.Status, type, body, all);
    }

    private static async Task<byte[]> ExifToolThumbnailAsync(string path)
    {
        using var output = new MemoryStream();
        await Cli.Wrap(MediaFactory.ExifToolPath).WithArguments(["-b", "-ThumbnailImage", path])
            .WithStandardOutputPipe(PipeTarget.ToStream(output)).ExecuteAsync(TestContext.Current.CancellationToken);
        Assert.True(output.Length > 0, $"exiftool finds no thumbnail image in {path}");
        return output.ToArray();
    }

    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        using var stream = new MemoryStream(jpeg);
        var header = ImageMetadataReader.ReadMetadata(stream).OfType<JpegDirectory>().Single();
        return (header.GetImageWidth(), header.GetImageHeight());
    }

    private static string[] FilesUnder(string folder) =>
        System.IO.Directory.Exists(folder)
            ? [.. System.IO.Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [];

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _dashboard.DisposeAsync();
        await _catalog.DisposeAsync();
        _originals.Dispose();
    }
}
