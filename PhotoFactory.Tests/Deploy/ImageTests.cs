using System.Xml.Linq;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// The .NET services' Dockerfiles as text: what the built images cannot show (pinned base images, every referenced
/// project copied in). The images themselves are built and opened in <see cref="BuiltImageTests"/>.
/// </summary>
public sealed class ImageTests
{
    public static TheoryData<string> Services => ["Librarian", "Monitor", "Dashboard"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Image_builds_from_pinned_dotnet_images_of_this_repository_s_major_version(string service)
    {
        var dockerfile = Dockerfile.Read(service);

        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0\.\d+-noble AS build$", dockerfile.Stages[0].Last("FROM"));
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0\.\d+-noble$", dockerfile.FinalStage.Last("FROM"));
    }

    /// <summary>One SDK and one runtime for all: the services share their .NET, and the image tests make one stand-in of each.</summary>
    [Fact]
    public void Every_image_builds_from_the_same_two_dotnet_images()
    {
        var bases = new[] { "Librarian", "Monitor", "Dashboard" }.Select(Dockerfile.Read)
            .Select(dockerfile => (Sdk: Dockerfile.BaseImage(dockerfile.Stages[0]), Runtime: Dockerfile.BaseImage(dockerfile.FinalStage)));

        Assert.Single(bases.Distinct());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Image_build_copies_every_project_the_service_references(string service)
    {
        var copied = Dockerfile.Read(service).Stages[0].All("COPY").Select(copy => copy.Split(' ')[0].TrimEnd('/')).ToHashSet();

        foreach (var project in ReferencedProjects(Path.Combine(AppHostBuilder.RepositoryRoot, $"PhotoFactory.{service}", $"PhotoFactory.{service}.csproj")))
        {
            Assert.Contains(Path.GetFileName(Path.GetDirectoryName(project))!, copied);
        }

        Assert.Contains($"PhotoFactory.{service}", copied);
    }

    /// <summary>The project and everything it references, transitively.</summary>
    private static IEnumerable<string> ReferencedProjects(string project)
    {
        var references = XDocument.Load(project).Descendants("ProjectReference")
            .Select(reference => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        return references.SelectMany(reference => ReferencedProjects(reference).Prepend(reference)).Distinct();
    }
}
