using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>Registers the metadata stage: the reader, the shared exiftool process and the capture-time resolver.</summary>
public static class MetadataRegistration
{
    public static IServiceCollection AddMediaMetadata(this IServiceCollection services)
    {
        services.AddOptions<MetadataOptions>()
            .BindConfiguration(MetadataOptions.SectionName)
            .Validate(options => !string.IsNullOrWhiteSpace(options.ExifToolPath), "Librarian:Metadata:ExifToolPath must name an executable")
            .Validate(options => options.ExifToolTimeout > TimeSpan.Zero, "Librarian:Metadata:ExifToolTimeout must be positive")
            .Validate(options => options.Limits is { BlockBytes: > 0, TotalBytes: > 0, ReadBytes: > 0, BoxDepth: > 0, Blocks: > 0 }
                && options.Limits.ReadTime > TimeSpan.Zero, "Librarian:Metadata:Limits must all be positive")
            .Validate(options => options.HomeTimeZone is null || TimeZoneInfo.TryFindSystemTimeZoneById(options.HomeTimeZone, out _),
                "Librarian:Metadata:HomeTimeZone must be an IANA time zone this machine knows (e.g. Europe/Berlin)")
            .ValidateOnStart();

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ExifToolProcess>();
        services.TryAddSingleton(sp => new CaptureTimeResolver(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<MetadataOptions>>().Value.HomeTimeZone is { } zone ? TimeZoneInfo.FindSystemTimeZoneById(zone) : null));
        services.TryAddSingleton<MetadataMetrics>();
        services.TryAddSingleton<IMediaMetadataReader, MediaMetadataReader>();
        return services;
    }
}
