using PhotoFactory.AppHost;
using PhotoFactory.AppHost.Publishing;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>The committed deploy/ folder is what the AppHost generates from its model now.</summary>
public sealed class ComposeDriftTests(PublishedCompose published) : IClassFixture<PublishedCompose>
{
    public static TheoryData<string> GeneratedFiles => [.. Generated];

    private static IEnumerable<string> Generated =>
    [
        ComposePublishing.ComposeFileName,
        ComposePublishing.EnvExampleFileName,
        .. Directory.EnumerateFiles(Path.Combine(AppHostBuilder.AppHostDirectory, "homepage"), "*.yaml")
            .Select(file => $"{ComposePublishing.HomepageFolder}/{Path.GetFileName(file)}")
            .Order(StringComparer.Ordinal),
        .. Directory.EnumerateFiles(Path.Combine(AppHostBuilder.AppHostDirectory, CatalogueExtensions.InitFolder))
            .Select(file => $"{CatalogueExtensions.InitFolder}/{Path.GetFileName(file)}")
            .Order(StringComparer.Ordinal),
        .. Directory.EnumerateFiles(Path.Combine(AppHostBuilder.AppHostDirectory, SyncthingExtensions.StartFolder))
            .Select(file => $"{SyncthingExtensions.StartFolder}/{Path.GetFileName(file)}")
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(GeneratedFiles))]
    public void Committed_deploy_file_is_what_the_apphost_generates(string file)
    {
        var committedPath = Path.Combine(PublishedCompose.CommittedFolder, file);
        Assert.True(File.Exists(committedPath), $"deploy/{file} is missing; generate it with: {ComposePublishing.RefreshCommand}");

        var committed = File.ReadAllText(committedPath).ReplaceLineEndings("\n");
        var generated = File.ReadAllText(Path.Combine(published.Folder, file)).ReplaceLineEndings("\n");

        Assert.True(
            committed == generated,
            $"deploy/{file} is out of date with the AppHost; refresh it with: {ComposePublishing.RefreshCommand}\n" +
            FirstDifference(committed, generated));
    }

    [Theory]
    [InlineData(ComposePublishing.HomepageFolder)]
    [InlineData(CatalogueExtensions.InitFolder)]
    [InlineData(SyncthingExtensions.StartFolder)]
    public void Deploy_config_folder_holds_nothing_the_apphost_does_not_generate(string folder)
    {
        var committed = Directory.EnumerateFiles(Path.Combine(PublishedCompose.CommittedFolder, folder))
            .Select(file => $"{folder}/{Path.GetFileName(file)}");

        Assert.All(committed, file => Assert.Contains(file, Generated));
    }

    [Fact]
    public void The_committed_init_script_is_executable_as_the_postgres_image_runs_it()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("file modes are a Unix notion");
        }

        var mode = File.GetUnixFileMode(Path.Combine(PublishedCompose.CommittedFolder, CatalogueExtensions.InitFolder, "10-roles.sh"));

        Assert.True(mode.HasFlag(UnixFileMode.OtherExecute) && mode.HasFlag(UnixFileMode.OtherRead), $"10-roles.sh is {mode}");
    }

    private static string FirstDifference(string committed, string generated)
    {
        var left = committed.Split('\n');
        var right = generated.Split('\n');
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var a = i < left.Length ? left[i] : "(end of file)";
            var b = i < right.Length ? right[i] : "(end of file)";
            if (a != b)
            {
                return $"First difference at line {i + 1}:\n  committed: {a.Trim()}\n  generated: {b.Trim()}";
            }
        }

        return "";
    }
}
