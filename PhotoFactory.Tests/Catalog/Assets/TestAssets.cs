using System.Security.Cryptography;
using System.Text;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Tests.Catalog.Assets;

/// <summary>Catalogue rows as the Librarian would write them for a photo.</summary>
internal static class TestAssets
{
    public static readonly DateTime IngestedAt = new(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc);

    /// <summary>An asset for a file with the given content, filed at <paramref name="finalPath"/>.</summary>
    public static MediaAsset Photo(string content, string finalPath) => new()
    {
        Sha256 = Sha256(content),
        OriginalName = Path.GetFileName(finalPath),
        OriginalPath = Path.GetFileName(finalPath),
        FinalPath = finalPath,
        SizeBytes = content.Length,
        Kind = MediaKind.Photo,
        MimeType = "image/jpeg",
        IngestedAt = IngestedAt,
        CreatedAt = IngestedAt,
    };

    public static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
