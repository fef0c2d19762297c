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
    /// Immich's API key for Homepage's Immich widget (permission <c>server.statistics</c>). It can only be made in
    /// Immich's settings once Immich runs, so it may stay empty: the widget then shows an error, nothing else.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddImmichApiKey(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter("immich-api-key", () => builder.Configuration["Parameters:immich-api-key"] ?? "", secret: true)
            .WithDescription("An Immich API key with the server.statistics permission, for Homepage's Immich widget (Immich: Account settings > API keys).");

    /// <summary><c>HOMEPAGE_VAR_PUBLIC_HOST</c> for the links, and that name (besides localhost) as an allowed Host header.</summary>
    public static IResourceBuilder<ContainerResource> WithPublicHost(this IResourceBuilder<ContainerResource> homepage, IResourceBuilder<ParameterResource> publicHost) =>
        homepage
            .WithEnvironment("HOMEPAGE_VAR_PUBLIC_HOST", publicHost)
            .WithEnvironment("HOMEPAGE_ALLOWED_HOSTS", ReferenceExpression.Create($"{publicHost}:{HomepageExtensions.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)},{HomepageExtensions.AllowedHosts}"));

    /// <summary><c>HOMEPAGE_VAR_IMMICH_KEY</c>, the key services.yaml gives the Immich widget.</summary>
    public static IResourceBuilder<ContainerResource> WithImmichKey(this IResourceBuilder<ContainerResource> homepage, IResourceBuilder<ParameterResource> apiKey) =>
        homepage.WithEnvironment("HOMEPAGE_VAR_IMMICH_KEY", apiKey);
}
