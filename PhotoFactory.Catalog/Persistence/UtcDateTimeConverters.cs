using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// SQLite's instants: written only when marked UTC, as PostgreSQL's <c>timestamp with time zone</c> insists, and
/// marked UTC again when read back from SQLite's text.
/// </summary>
internal static class UtcDateTimeConverters
{
    public static readonly ValueConverter<DateTime, DateTime> Required = new(
        value => RequireUtc(value),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static readonly ValueConverter<DateTime?, DateTime?> Optional = new(
        value => value.HasValue ? RequireUtc(value.Value) : value,
        value => value.HasValue ? DateTime.SpecifyKind(value.Value, DateTimeKind.Utc) : value);

    // Refusing here what PostgreSQL refuses keeps a local or unmarked time from passing every test on the embedded
    // catalogue and failing only in production, or worse, being stored hours off as if it were UTC.
    internal static DateTime RequireUtc(DateTime value) => value.Kind == DateTimeKind.Utc
        ? value
        : throw new ArgumentException(
            $"The catalogue stores instants in UTC; got a DateTime with Kind={value.Kind}. " +
            "Use TimeProvider.GetUtcNow().UtcDateTime or DateTime.ToUniversalTime().");
}
