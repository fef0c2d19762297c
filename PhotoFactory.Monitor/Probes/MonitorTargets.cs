using Microsoft.Extensions.Configuration;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// Where each target lives: <c>Monitor:Targets:{resource}</c> (a URL, or <c>host:port</c> for TCP targets),
/// else the service-discovery entry Aspire writes for a reference, <c>services:{resource}:{http|tcp}:0</c>.
/// A resource with neither is not deployed.
/// </summary>
public static class MonitorTargets
{
    public const string SectionName = HostContract.MonitorTargets;

    public static Uri? Find(IConfiguration configuration, string resource)
    {
        var value = new[]
            {
                configuration[$"{SectionName}:{resource}"],
                configuration[$"services:{resource}:http:0"],
                configuration[$"services:{resource}:tcp:0"],
            }
            .FirstOrDefault(candidate => !string.IsNullOrWhiteSpace(candidate))?.Trim();
        if (value is null)
        {
            return null;
        }

        if (!value.Contains("://", StringComparison.Ordinal))
        {
            value = "tcp://" + value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"{SectionName}:{resource} is not an address: '{value}'.");
        }

        // A base URL ends in a slash, so relative paths are appended to it rather than replacing its last segment.
        return uri.Scheme is "http" or "https" && !uri.AbsolutePath.EndsWith('/') ? new Uri(uri + "/") : uri;
    }
}
