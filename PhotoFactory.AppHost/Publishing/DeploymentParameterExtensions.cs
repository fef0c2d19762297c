namespace PhotoFactory.AppHost.Publishing;

/// <summary>A parameter a deployment may leave empty; every other parameter must be set in <c>.env</c>.</summary>
public sealed class OptionalInDeploymentAnnotation : IResourceAnnotation;

public static class DeploymentParameterExtensions
{
    /// <summary>Lets a deployment start without this value (e.g. a key that can only be made once the stack runs).</summary>
    public static IResourceBuilder<ParameterResource> OptionalInDeployment(this IResourceBuilder<ParameterResource> parameter) =>
        parameter.WithAnnotation(new OptionalInDeploymentAnnotation());

    /// <summary>The parameter's name as a compose variable: <c>factory-db-password</c> becomes <c>FACTORY_DB_PASSWORD</c>.</summary>
    public static string VariableName(this ParameterResource parameter) =>
        parameter.Name.Replace('-', '_').ToUpperInvariant();
}
