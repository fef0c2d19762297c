using System.Text.Json.Nodes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// The .NET services' real images: each Dockerfile built as the compose file builds it, without a Docker daemon,
/// saved to an image archive and opened as a container runtime would open it (see <see cref="BuiltImages"/>).
/// </summary>
[Collection(nameof(ImageBuilds))]
public sealed class BuiltImageTests(BuiltImages images)
{
    public static TheoryData<string> Services => ["librarian", "monitor", "dashboard"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Image_starts_the_service_assembly(string service)
    {
        var image = await images.ImageAsync(service);
        var assembly = $"PhotoFactory.{char.ToUpperInvariant(service[0])}{service[1..]}.dll";

        Assert.Equal(["dotnet", assembly], image.Entrypoint);
        Assert.True(File.Exists(image.PathOf(Path.Combine(image.WorkingDirectory, assembly))), $"{assembly} is not in the image's {image.WorkingDirectory}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Image_runs_as_a_non_root_user(string service)
    {
        var image = await images.ImageAsync(service);

        Assert.NotEqual(0, image.ResolveUser().Uid);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Image_listens_on_8080_which_the_compose_file_publishes_and_checks(string service)
    {
        var image = await images.ImageAsync(service);

        Assert.Equal(["8080/tcp"], image.ExposedPorts);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", image.Environment);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Image_has_curl_for_the_compose_health_check(string service)
    {
        var image = await images.ImageAsync(service);

        var curl = await image.RunAsync(["curl", "--version"]);

        Assert.True(curl.ExitCode == 0, curl.StandardError);
    }

    /// <summary>The Librarian alone: the others are healthy only once it has created the catalogue, as compose's depends_on says.</summary>
    [Fact]
    public async Task Compose_health_check_passes_in_the_librarian_image()
    {
        var image = await images.ImageAsync("librarian");
        var check = BuiltImages.ComposeService("librarian")["healthcheck"]!["test"]!.AsArray().Select(part => part!.GetValue<string>()).ToList();
        Assert.Equal("CMD", check[0]);

        var health = await image.CheckEntrypointAsync(check[1..], await ComposeFoldersAsync(image), attempts: 60);

        Assert.True(health.ExitCode == 0, $"{string.Join(' ', check[1..])} never passed:\n{health.StandardOutput}\n{health.StandardError}");
        Assert.Equal("Healthy", health.StandardOutput.Trim());
    }

    [Fact]
    public async Task Librarian_image_files_a_photo_only_exiftool_can_read()
    {
        var image = await images.ImageAsync("librarian");
        var folders = await ComposeFoldersAsync(image);
        var (inbox, originals) = (folders["PhotoFactory__Inbox"], folders["PhotoFactory__Originals"]);
        await MediaFactory.JpegThatMetadataExtractorRejectsAsync(Path.Combine(image.PathOf(inbox), "photo.jpg"), new DateTime(2019, 5, 1, 10, 11, 12));

        var ingest = await image.RunEntrypointAsync("ingest", "--inbox", inbox, "--originals", originals, "--data", folders["PhotoFactory__DataDirectory"], "--copy", "--json");

        Assert.True(ingest.ExitCode == 0, ingest.StandardError + ingest.StandardOutput);
        var filed = Assert.Single(JsonNode.Parse(ingest.StandardOutput)!.AsArray())!;
        Assert.Equal("placed", filed["outcome"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(image.PathOf(originals), "2019", "2019-05-01", "photo.jpg")), filed.ToJsonString());
    }

    /// <summary>
    /// The Librarian's folders as the compose file sets them (<c>PhotoFactory__*</c>, not the secrets it reads from
    /// files), made in the image and owned by its user, as the host folders the compose file binds there are owned by
    /// the user it runs the service as.
    /// </summary>
    private static async Task<Dictionary<string, string>> ComposeFoldersAsync(ImageArchive image)
    {
        var folders = BuiltImages.ComposeService("librarian")["environment"]!.AsObject()
            .Where(variable => variable.Key.StartsWith("PhotoFactory__", StringComparison.Ordinal) && !variable.Key.EndsWith(SecretFiles.Suffix, StringComparison.Ordinal))
            .ToDictionary(variable => variable.Key, variable => variable.Value!.GetValue<string>());
        var (uid, gid) = image.ResolveUser();
        foreach (var folder in folders.Values)
        {
            await Host.RunAsync("chown", [$"{uid}:{gid}", Directory.CreateDirectory(image.PathOf(folder)).FullName]);
        }

        return folders;
    }
}
