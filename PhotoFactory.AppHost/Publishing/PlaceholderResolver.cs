using System.Text;
using System.Text.RegularExpressions;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// Turns the manifest expressions in a service's environment (<c>{factory-db.bindings.tcp.host}</c>,
/// <c>{photofactory.connectionString}</c>, <c>{inbox-path.value}</c>) into what the service sees in a deployment:
/// addresses on its network (compose's and a Kubernetes namespace's both reach a service by its name), parameters
/// as the deployment spells a variable (<paramref name="parameter"/>), container paths for host folders (which it
/// remembers, so the generator mounts them into that service). Literal <c>$</c> is doubled, as both compose and
/// Kubernetes read <c>$$</c>.
/// </summary>
internal sealed partial class PlaceholderResolver(DistributedApplicationModel model, IReadOnlyList<DeploymentFolder> folders, Func<ParameterResource, string> parameter)
{
    private readonly HashSet<(string Service, DeploymentFolder Folder)> _mountedFolders = [];

    /// <summary>Whether a value resolved for <paramref name="service"/> named the host folder, which must then be mounted.</summary>
    public bool Mounts(string service, DeploymentFolder folder) => _mountedFolders.Contains((service, folder));

    /// <summary>The resources a value names, directly (a connection string's resource, not what that string names).</summary>
    public static IEnumerable<string> ReferencedResources(string value) =>
        Placeholder().Matches(value).Select(match => match.Groups["resource"].Value);

    /// <summary>The value as the service sees it in the deployment; literal <c>$</c> is escaped.</summary>
    public string Resolve(string value, string service)
    {
        var text = new StringBuilder();
        var position = 0;
        foreach (Match match in Placeholder().Matches(value))
        {
            text.Append(value.AsSpan(position, match.Index - position).ToString().Replace("$", "$$", StringComparison.Ordinal));
            text.Append(ResolvePlaceholder(match.Groups["resource"].Value, match.Groups["path"].Value, service));
            position = match.Index + match.Length;
        }

        text.Append(value[position..].Replace("$", "$$", StringComparison.Ordinal));
        return text.ToString();
    }

    private string ResolvePlaceholder(string name, string path, string service)
    {
        var resource = model.Resources.SingleOrDefault(resource => resource.Name == name)
            ?? throw new InvalidOperationException($"{service} refers to {name}, which is not in the model");

        if (resource is ParameterResource found && path is "value" or "inputs.value")
        {
            if (folders.SingleOrDefault(folder => folder.Parameter == found.Name) is { } folder)
            {
                // A host folder: mounted into the service, which reads it at its path inside the container.
                _mountedFolders.Add((service, folder));
                return folder.ContainerPath;
            }

            return parameter(found);
        }

        if (path == "connectionString" && resource is IResourceWithConnectionString withConnectionString)
        {
            return Resolve(withConnectionString.ConnectionStringExpression.ValueExpression, service);
        }

        var binding = BindingPath().Match(path);
        if (binding.Success)
        {
            return Binding(resource, binding.Groups["endpoint"].Value, binding.Groups["property"].Value, service);
        }

        throw new InvalidOperationException($"{service} refers to {{{name}.{path}}}, which the deployment generators cannot express");
    }

    /// <summary>On the compose network a service is reached by its name at the port it listens on.</summary>
    private static string Binding(IResource resource, string endpointName, string property, string service)
    {
        var name = resource.Name;
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(endpoint => endpoint.Name == endpointName)
            ?? throw new InvalidOperationException($"{service} refers to {name}'s endpoint {endpointName}, which it does not have");
        if (endpoint.UriScheme == "https")
        {
            throw new InvalidOperationException($"{service} refers to {name}'s https endpoint; a deployment's network is plain HTTP");
        }

        var port = resource is ProjectResource ? ImageFacts.ProjectPort : endpoint.TargetPort ?? endpoint.Port
            ?? throw new InvalidOperationException($"{name}/{endpoint.Name} has no port");
        return property switch
        {
            "host" => name,
            "port" or "targetPort" => port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "url" => $"{endpoint.UriScheme}://{name}:{port}",
            "scheme" => endpoint.UriScheme,
            "tlsEnabled" => "false",
            var other => throw new InvalidOperationException($"{service} refers to {name}'s endpoint property {other}, which the generator does not know"),
        };
    }

    [GeneratedRegex(@"\{(?<resource>[A-Za-z0-9_-]+)\.(?<path>[A-Za-z0-9_.-]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^bindings\.(?<endpoint>[A-Za-z0-9_-]+)\.(?<property>[A-Za-z]+)$")]
    private static partial Regex BindingPath();
}
