using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
            .ValidateOnStart();

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ExifToolProcess>();
        services.TryAddSingleton<CaptureTimeResolver>();
        services.TryAddSingleton<MetadataMetrics>();
        services.TryAddSingleton<IMediaMetadataReader, MediaMetadataReader>();
        return services;
    }
}
