using System.Text.Json;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>exiftool's answer for one file: its tags as JSON (<c>-j -G1 -n</c>), or why there are none.</summary>
/// <param name="Tags">The file's object from exiftool's JSON array, keys like <c>ExifIFD:DateTimeOriginal</c>.</param>
/// <param name="Problem">exiftool's error for the file, a timeout, or a crash.</param>
/// <param name="IsUnavailable">exiftool is not installed (or will not start): nothing was asked.</param>
public sealed record ExifToolResponse(JsonElement? Tags, string? Problem, bool IsUnavailable = false)
{
    public static ExifToolResponse Unavailable { get; } = new(null, "exiftool is not available", IsUnavailable: true);

    public static ExifToolResponse Failed(string problem) => new(null, problem);
}
