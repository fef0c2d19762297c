using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Dashboard.Thumbnails;

/// <summary>
/// <c>GET /thumbnails/{asset id}?size=small|large</c>: an asset's picture, found by its id in the catalogue, never by a
/// path from the request; for signed-in users only (the Dashboard's fallback policy). A picture never changes (it is
/// keyed by the original's SHA-256), so browsers keep it; a placeholder says why there is none, and is asked again.
/// </summary>
public static class ThumbnailEndpoint
{
    public const string Path = "/thumbnails";

    /// <summary>The response header naming why a placeholder was sent instead of a picture.</summary>
    public const string ProblemHeader = "X-Thumbnail-Problem";

    public static string Url(Guid assetId, ThumbnailSize size = ThumbnailSize.Small) => $"thumbnails/{assetId}?size={size.Name()}";

    public static IEndpointRouteBuilder MapThumbnails(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet($"{Path}/{{id:guid}}", ServeAsync);
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(
        Guid id, string? size, HttpContext context, IDbContextFactory<CatalogDbContext> contexts, ThumbnailMaker maker, CancellationToken cancellationToken)
    {
        if (!ThumbnailSizes.TryParse(size, out var wanted))
        {
            return Results.BadRequest("size is small or large");
        }

        ThumbnailSource? source;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            source = await db.MediaAssets.AsNoTracking()
                .Where(a => a.Id == id)
                .Select(a => new ThumbnailSource(a.Id, a.FinalPath, a.Sha256, a.Kind))
                .FirstOrDefaultAsync(cancellationToken);
        }

        if (source is null)
        {
            return Results.NotFound();
        }

        var headers = context.Response.GetTypedHeaders();
        var etag = new EntityTagHeaderValue($"\"{source.Sha256}-{wanted.Name()}\"");
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false)))
        {
            headers.ETag = etag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var thumbnail = await maker.GetAsync(source, wanted, cancellationToken);
        if (thumbnail.CachedFile is not null || thumbnail.Picture is not null)
        {
            headers.ETag = etag;
            headers.CacheControl = new CacheControlHeaderValue { Private = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new NameValueHeaderValue("immutable") } };
            return thumbnail.CachedFile is { } file ? Results.File(file, "image/jpeg") : Results.Bytes(thumbnail.Picture!, "image/jpeg");
        }

        headers.CacheControl = new CacheControlHeaderValue { Private = true, NoCache = true };
        // An SVG opened on its own is a document: it may draw, never run anything.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        context.Response.Headers[ProblemHeader] = thumbnail.Problem;
        var title = source.Kind == Catalog.Assets.MediaKind.Video ? "Video" : "No picture";
        return Results.Bytes(Placeholder.Svg(title, thumbnail.Problem!), "image/svg+xml");
    }
}
