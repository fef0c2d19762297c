using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhotoFactory.AppHost.Publishing;
using PhotoFactory.Dashboard.Access;

namespace PhotoFactory.AppHost;

/// <summary>
/// The Dashboard's sign-in password, its API key for Homepage and the host names it answers. The Dashboard is only
/// ever given the password's hash: here the AppHost generates the password (kept in its user secrets) and hashes it
/// at start; a deployment sets the hash in <c>.env</c>, made with the Dashboard's <c>hash-password</c> command.
/// </summary>
public static class DashboardAccessExtensions
{
    public const string PasswordParameter = "dashboard-password";
    public const string PasswordHashParameter = "dashboard-password-hash";
    public const string ApiKeyParameter = "dashboard-api-key";
    public const string TrustedProxiesParameter = "dashboard-trusted-proxies";

    private static readonly string PasswordHashVariable = HostContract.Environment(HostContract.DashboardPasswordHash);
    private static readonly string ApiKeyVariable = HostContract.Environment(HostContract.DashboardApiKey);
    private static readonly string TrustedProxiesVariable = HostContract.Environment(HostContract.DashboardTrustedProxies);

    /// <summary>The key Homepage's widget sends to <c>/api/summary</c>, generated on first run.</summary>
    public static IResourceBuilder<ParameterResource> AddDashboardApiKey(this IDistributedApplicationBuilder builder) =>
        builder.AddGeneratedSecret(ApiKeyParameter)
            .WithDescription("The key Homepage's Dashboard widget sends to the Dashboard's /api/summary.");

    public static IResourceBuilder<ProjectResource> WithSignIn(this IResourceBuilder<ProjectResource> dashboard, IResourceBuilder<ParameterResource> apiKey)
    {
        var builder = dashboard.ApplicationBuilder;
        var trustedProxies = builder.AddParameter(TrustedProxiesParameter, () => builder.Configuration[$"Parameters:{TrustedProxiesParameter}"] ?? "")
            .WithDescription("Reverse proxies whose X-Forwarded-For/-Proto the Dashboard believes: addresses or CIDR networks, comma-separated; empty believes nobody.")
            .OptionalInDeployment();
        dashboard.WithEnvironment(ApiKeyVariable, apiKey)
            .WithEnvironment(TrustedProxiesVariable, trustedProxies);
        if (builder.ExecutionContext.IsPublishMode)
        {
            var hash = builder.AddParameter(PasswordHashParameter, secret: true)
                .WithDescription("The Dashboard's sign-in password as a hash, never the password itself; make it with the one-liner in docs/deploy.md (step 2).");
            return dashboard.WithEnvironment(PasswordHashVariable, hash);
        }

        var password = builder.AddGeneratedSecret(PasswordParameter)
            .WithDescription("The Dashboard's sign-in password here; the Dashboard is given only its hash.");
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PhotoFactory.AppHost");
            Log.DashboardPassword(logger, PasswordParameter);
            return Task.CompletedTask;
        });
        return dashboard.WithEnvironment(async context =>
        {
            var value = await password.Resource.GetValueAsync(context.CancellationToken)
                ?? throw new InvalidOperationException($"The parameter {PasswordParameter} has no value.");
            context.EnvironmentVariables[PasswordHashVariable] = PasswordHash.Create(value);
        });
    }

    /// <summary>
    /// The Host headers the Dashboard answers: the public name browsers use, its own name on the container network
    /// (Homepage's widget, the Monitor's probe) and localhost (the container's own health check).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAllowedHosts(this IResourceBuilder<ProjectResource> dashboard, IResourceBuilder<ParameterResource> publicHost) =>
        dashboard.WithEnvironment(HostContract.AllowedHosts, ReferenceExpression.Create($"{publicHost};{ResourceNames.Dashboard};localhost;127.0.0.1"));

    /// <summary><c>HOMEPAGE_VAR_DASHBOARD_API_KEY</c>, the key services.yaml gives the Dashboard widget.</summary>
    public static IResourceBuilder<ContainerResource> WithDashboardApiKey(this IResourceBuilder<ContainerResource> homepage, IResourceBuilder<ParameterResource> apiKey) =>
        homepage.WithEnvironment("HOMEPAGE_VAR_DASHBOARD_API_KEY", apiKey);
}
