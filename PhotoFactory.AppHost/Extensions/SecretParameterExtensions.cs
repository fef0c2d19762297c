namespace PhotoFactory.AppHost;

public static class SecretParameterExtensions
{
    /// <summary>
    /// A secret generated on first run and kept in the AppHost's user secrets, letters and digits only: Immich
    /// accepts nothing else in its database password, and a key without symbols needs no escaping in a header.
    /// A deployment supplies its own value or lets its tool generate one to the same rule.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
}
