using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// SQLite's capture wall-clock time: refuses a UTC-marked value, as PostgreSQL's <c>timestamp without time zone</c>
/// does, because a UTC instant (QuickTime's creation time, say) is not what the camera's clock showed.
/// </summary>
internal static class WallClockDateTimeConverter
{
    public static readonly ValueConverter<DateTime?, DateTime?> Optional = new(
        value => value.HasValue ? RefuseUtc(value.Value) : value,
        value => value);

    internal static DateTime RefuseUtc(DateTime value) => value.Kind != DateTimeKind.Utc
        ? value
        : throw new ArgumentException(
            "A capture time is the wall-clock reading at the place of capture; got a UTC instant. " +
            "Convert it with the capture offset, or store it with offset 0 and Kind=Unspecified.");
}
