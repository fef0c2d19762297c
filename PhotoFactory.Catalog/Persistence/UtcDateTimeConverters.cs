using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>Marks instants read back from SQLite as UTC, which is what they were when written.</summary>
internal static class UtcDateTimeConverters
{
    public static readonly ValueConverter<DateTime, DateTime> Required = new(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value,
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static readonly ValueConverter<DateTime?, DateTime?> Optional = new(
        value => value.HasValue && value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : value,
        value => value.HasValue ? DateTime.SpecifyKind(value.Value, DateTimeKind.Utc) : value);
}
