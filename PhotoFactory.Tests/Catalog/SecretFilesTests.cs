using Microsoft.Extensions.Configuration;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Catalog;

/// <summary>NAME_FILE settings, as Compose secrets hand them to the .NET services: the file's content becomes NAME.</summary>
public sealed class SecretFilesTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public void A_setting_named_by_a_file_is_the_files_content_without_its_line_break_and_wins_over_the_value()
    {
        var file = _folder.Combine("monitor-db-password");
        File.WriteAllText(file, "s3cretfromfile\n");
        var configuration = Configuration(("PhotoFactory:CatalogPassword", "inline"), ("PhotoFactory:CatalogPassword_FILE", file),
            ("Monitor:Syncthing:GuiPassword_FILE", file), ("PhotoFactory:Inbox", "/data/inbox"));

        configuration.AddSecretFiles();

        Assert.Equal("s3cretfromfile", configuration["PhotoFactory:CatalogPassword"]);
        Assert.Equal("s3cretfromfile", configuration["Monitor:Syncthing:GuiPassword"]);
        Assert.Equal("/data/inbox", configuration["PhotoFactory:Inbox"]);
    }

    [Fact]
    public void The_machines_own_file_variables_are_left_alone()
    {
        // What a machine's environment holds (SSL_CERT_FILE, TF_CLI_CONFIG_FILE): no section, not the service's secrets.
        var configuration = Configuration(("SSL_CERT_FILE", _folder.Combine("ca.crt")), ("TF_CLI_CONFIG_FILE", _folder.Combine("not-there")));

        configuration.AddSecretFiles();

        Assert.Null(configuration["SSL_CERT"]);
        Assert.Null(configuration["TF_CLI_CONFIG"]);
    }

    [Fact]
    public void A_named_file_that_is_missing_stops_the_start_and_says_which()
    {
        var missing = _folder.Combine("not-there");
        var configuration = Configuration(("Dashboard:Access:PasswordHash_FILE", missing));

        var error = Assert.Throws<InvalidOperationException>(() => configuration.AddSecretFiles());

        Assert.Contains("Dashboard:Access:PasswordHash_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static ConfigurationManager Configuration(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)));
        return configuration;
    }
}
