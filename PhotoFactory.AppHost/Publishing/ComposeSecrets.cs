using System.Text.RegularExpressions;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// A container that reads <c>NAME</c> from the file named by <c>NAME_FILE</c> for these variables (the postgres
/// image does for <c>POSTGRES_PASSWORD</c>). The .NET services do for every setting (<c>SecretFiles</c>).
/// </summary>
public sealed record SecretFileVariablesAnnotation(IReadOnlySet<string> Variables) : IResourceAnnotation;

public static class SecretFileVariablesExtensions
{
    /// <summary>Tells the compose generator that the container takes these variables as files too.</summary>
    public static IResourceBuilder<T> WithSecretFileVariables<T>(this IResourceBuilder<T> resource, params string[] variables)
        where T : IResource =>
        resource.WithAnnotation(new SecretFileVariablesAnnotation(variables.ToHashSet(StringComparer.Ordinal)));
}

/// <summary>
/// Which secrets reach their containers as Compose secrets (files under <c>/run/secrets</c>, which
/// <c>docker inspect</c> does not show) rather than environment values: a required secret parameter becomes a file
/// when every service that uses it takes it whole, as a variable it can read from a file. A secret that any
/// service needs inline (Syncthing's API key, Homepage's keys, Immich's database password) stays in <c>.env</c> for
/// all, so that each secret has one home.
/// </summary>
internal sealed partial class ComposeSecrets
{
    /// <summary>Where a service finds a secret: Compose mounts each at <c>/run/secrets/{name}</c>.</summary>
    public const string MountFolder = "/run/secrets";

    private readonly Dictionary<string, ParameterResource> _files;

    private ComposeSecrets(Dictionary<string, ParameterResource> files) => _files = files;

    /// <summary>Decides from every service's environment (name to unresolved value).</summary>
    public static ComposeSecrets Plan(DistributedApplicationModel model, IEnumerable<(IResource Service, IReadOnlyList<KeyValuePair<string, string>> Environment)> services)
    {
        var secrets = model.Resources.OfType<ParameterResource>()
            .Where(parameter => parameter.Secret && !parameter.Annotations.OfType<OptionalInDeploymentAnnotation>().Any())
            .ToDictionary(parameter => parameter.Name, StringComparer.Ordinal);
        var inline = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (service, environment) in services)
        {
            foreach (var (variable, value) in environment)
            {
                var whole = WholeParameter(value);
                var takesFile = whole is not null && TakesFile(service, variable);
                foreach (Match match in Placeholder().Matches(value))
                {
                    if (!takesFile)
                    {
                        inline.Add(match.Groups["resource"].Value);
                    }
                }
            }
        }

        foreach (var name in inline)
        {
            secrets.Remove(name);
        }

        return new ComposeSecrets(secrets);
    }

    /// <summary>The parameter a value is, when it is exactly one parameter's value and that parameter goes as a file.</summary>
    public ParameterResource? FileSecret(string value) =>
        WholeParameter(value) is { } name ? _files.GetValueOrDefault(name) : null;

    /// <summary>The parameter's name when the value is exactly one parameter's value.</summary>
    public static string? WholeParameter(string value)
    {
        var match = WholeValue().Match(value);
        return match.Success ? match.Groups["resource"].Value : null;
    }

    /// <summary>Whether the service reads this variable from a file named by <c>NAME_FILE</c> too.</summary>
    public static bool TakesFile(IResource service, string variable) =>
        service is ProjectResource
        || service.Annotations.OfType<SecretFileVariablesAnnotation>().Any(annotation => annotation.Variables.Contains(variable));

    [GeneratedRegex(@"\{(?<resource>[A-Za-z0-9_-]+)\.(?:value|inputs\.value)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\{(?<resource>[A-Za-z0-9_-]+)\.(?:value|inputs\.value)\}$")]
    private static partial Regex WholeValue();
}
