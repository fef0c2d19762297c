namespace PhotoFactory.AppHost;

public static class HomepageAddressExtensions
{
    /// <summary>
    /// The name browsers use for this machine: <c>localhost</c> when run here, the server's name in a deployment.
    /// Homepage builds its links from it and accepts it as a Host header.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddPublicHost(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter("public-host", () => builder.Configuration["Parameters:public-host"] ?? "localhost")
            .WithDescription("The name browsers use for this server (e.g. photos.home.arpa); Homepage links to it and accepts it.");

    /// <summary>
    /// An Immich admin's API key, for the Monitor's upkeep of the originals' library (<c>user.read</c>,
    /// <c>library.read</c>, <c>library.create</c>, <c>library.update</c>, <c>asset.read</c>) and Homepage's Immich widget
    /// (<c>server.statistics</c>). It can only be made in Immich's settings once Immich runs, so it may stay empty:
    /// Immich then finds new photos with its nightly scan, the Monitor's row says so and the widget shows an error.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddImmichApiKey(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter("immich-api-key", () => builder.Configuration["Parameters:immich-api-key"] ?? "", secret: true)
            .WithDescription("An Immich admin's API key (Immich: Account settings > API keys) with user.read, library.read, library.create, library.update, asset.read and server.statistics: the Monitor keeps the originals' library and asks Immich to scan new photos; Homepage's widget shows Immich's figures.");

    /// <summary><c>HOMEPAGE_VAR_PUBLIC_HOST</c> for the links, and that name (besides localhost) as an allowed Host header.</summary>
    public static IResourceBuilder<ContainerResource> WithPublicHost(this IResourceBuilder<ContainerResource> homepage, IResourceBuilder<ParameterResource> publicHost) =>
        homepage
            .WithEnvironment("HOMEPAGE_VAR_PUBLIC_HOST", publicHost)
            .WithEnvironment("HOMEPAGE_ALLOWED_HOSTS", ReferenceExpression.Create($"{publicHost}:{HomepageExtensions.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)},{HomepageExtensions.AllowedHosts}"));

    /// <summary><c>HOMEPAGE_VAR_IMMICH_KEY</c>, the key services.yaml gives the Immich widget.</summary>
    public static IResourceBuilder<ContainerResource> WithImmichKey(this IResourceBuilder<ContainerResource> homepage, IResourceBuilder<ParameterResource> apiKey) =>
        homepage.WithEnvironment("HOMEPAGE_VAR_IMMICH_KEY", apiKey);
}
