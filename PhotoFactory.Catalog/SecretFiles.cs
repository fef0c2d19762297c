using Microsoft.Extensions.Configuration;

namespace PhotoFactory;

/// <summary>
/// Settings whose value is in a file, as Compose secrets hand them over: for every setting <c>SECTION:NAME_FILE</c>
/// (the convention of the postgres image's <c>POSTGRES_PASSWORD_FILE</c>), <c>SECTION:NAME</c> is the content of the
/// file it names, without a trailing line break. Only settings below a section (<c>PhotoFactory__CatalogPassword_FILE</c>
/// in the environment): the machine's own variables such as <c>SSL_CERT_FILE</c> are not the service's secrets. Read
/// once at start; a secret rotated in its file takes effect on restart.
/// </summary>
public static class SecretFiles
{
    public const string Suffix = HostContract.FileSuffix;

    /// <summary>Adds the files' contents over every other source; a named file that cannot be read stops the start, saying which.</summary>
    public static IConfigurationManager AddSecretFiles(this IConfigurationManager configuration)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, path) in configuration.AsEnumerable())
        {
            if (!key.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) || !key.Contains(':', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(path))
            {
                continue;
            }

            try
            {
                values[key[..^Suffix.Length]] = File.ReadAllText(path).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"The setting {key} names {path}, which cannot be read: {ex.Message}", ex);
            }
        }

        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }

        return configuration;
    }
}
