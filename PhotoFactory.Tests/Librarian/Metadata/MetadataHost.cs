using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>The metadata stage as the Librarian registers it (<see cref="MetadataRegistration.AddMediaMetadata"/>), with its log recorded.</summary>
public sealed class MetadataHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public MetadataHost(string? exifToolPath = null, TimeSpan? exifToolTimeout = null, TimeProvider? time = null, string? homeTimeZone = null)
    {
        var settings = new Dictionary<string, string?>();
        if (exifToolPath is not null)
        {
            settings[$"{MetadataOptions.SectionName}:{nameof(MetadataOptions.ExifToolPath)}"] = exifToolPath;
        }

        if (exifToolTimeout is { } timeout)
        {
            settings[$"{MetadataOptions.SectionName}:{nameof(MetadataOptions.ExifToolTimeout)}"] = timeout.ToString();
        }

        if (homeTimeZone is not null)
        {
            settings[$"{MetadataOptions.SectionName}:{nameof(MetadataOptions.HomeTimeZone)}"] = homeTimeZone;
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Log));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        _services = services.AddMediaMetadata().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public RecordingLoggerProvider Log { get; } = new();

    public IMediaMetadataReader Reader => _services.GetRequiredService<IMediaMetadataReader>();

    public ExifToolProcess ExifTool => _services.GetRequiredService<ExifToolProcess>();

    public CaptureTimeResolver Resolver => _services.GetRequiredService<CaptureTimeResolver>();

    /// <summary>What the filing pipeline does for one file: read it, find and read its sidecars, resolve.</summary>
    public async Task<(MediaMetadata Metadata, CaptureDecision Decision)> DecideAsync(string path, CaptureTime? partner = null)
    {
        var metadata = await Reader.ReadAsync(path, TestContext.Current.CancellationToken);
        var folder = Path.GetDirectoryName(path)!;
        var name = Path.GetFileName(path);
        var sidecars = SidecarFinder.Find(name, Directory.EnumerateFiles(folder).Select(file => Path.GetFileName(file)));
        var facts = await SidecarReader.ReadAsync(folder, sidecars, TestContext.Current.CancellationToken);
        var evidence = new CaptureEvidence(name, metadata, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero))
        {
            Sidecars = facts,
            Partner = partner,
        };
        return (metadata, Resolver.Resolve(evidence));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
