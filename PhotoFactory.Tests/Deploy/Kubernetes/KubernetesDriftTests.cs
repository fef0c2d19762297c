using PhotoFactory.AppHost.Publishing.Kubernetes;

namespace PhotoFactory.Tests.Deploy.Kubernetes;

/// <summary>The committed deploy/kubernetes folder is what the AppHost generates from its model now.</summary>
public sealed class KubernetesDriftTests(PublishedKubernetes published) : IClassFixture<PublishedKubernetes>
{
    [Fact]
    public void Committed_manifests_are_what_the_apphost_generates()
    {
        var generated = Files(published.Folder);
        Assert.NotEmpty(generated);
        foreach (var file in generated)
        {
            var committedPath = Path.Combine(PublishedKubernetes.CommittedFolder, file);
            Assert.True(File.Exists(committedPath), $"{KubernetesPublishing.DeployFolder}/{file} is missing; generate it with: {KubernetesPublishing.RefreshCommand}");
            var committed = File.ReadAllText(committedPath).ReplaceLineEndings("\n");
            var fresh = File.ReadAllText(Path.Combine(published.Folder, file)).ReplaceLineEndings("\n");
            Assert.True(committed == fresh,
                $"{KubernetesPublishing.DeployFolder}/{file} is out of date with the AppHost; refresh it with: {KubernetesPublishing.RefreshCommand}");
        }
    }

    [Fact]
    public void The_folder_holds_nothing_the_apphost_does_not_generate_but_what_the_user_fills_in()
    {
        var generated = Files(published.Folder).ToHashSet(StringComparer.Ordinal);
        var committed = Files(PublishedKubernetes.CommittedFolder)
            .Where(file => file != KubernetesManifestGenerator.SettingsFile && !file.StartsWith($"{KubernetesManifestGenerator.SecretsFolder}/", StringComparison.Ordinal));

        Assert.All(committed, file => Assert.Contains(file, generated));
    }

    [Fact]
    public void What_the_user_fills_in_is_never_committed()
    {
        var ignored = File.ReadAllText(Path.Combine(AppHost.AppHostBuilder.RepositoryRoot, ".gitignore")).Split('\n').Select(line => line.Trim()).ToList();

        Assert.Contains($"/{KubernetesPublishing.DeployFolder}/{KubernetesManifestGenerator.SettingsFile}", ignored);
        Assert.Contains($"/{KubernetesPublishing.DeployFolder}/{KubernetesManifestGenerator.SecretsFolder}/", ignored);
    }

    private static List<string> Files(string folder) =>
    [
        .. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];
}
