using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PhotoFactory.Tests.Deploy;

/// <summary>The generated compose file against the Compose Specification's JSON schema (vendored, see its NOTICE).</summary>
public sealed class ComposeSchemaTests(PublishedCompose published) : IClassFixture<PublishedCompose>
{
    private static readonly JsonSchema Schema = Load();

    /// <summary>
    /// The file is written for draft 2019-09 but keeps draft-04's <c>id</c> beside <c>$ref</c> and names its
    /// dialect <c>http://json-schema.org/draft/2019-09/schema#</c>: it is read as draft 2019-09 under that name,
    /// with <c>id</c> left as the annotation it has become.
    /// </summary>
    private static JsonSchema Load()
    {
        var dialect = Dialect.Draft201909.With([], new Uri("http://json-schema.org/draft/2019-09/schema#"), allowUnknownKeywords: true);
        var dialects = new DialectRegistry();
        dialects.Register(dialect);
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deploy", "compose-spec.json"));
        return JsonSchema.FromText(text, new BuildOptions { DialectRegistry = dialects, Dialect = dialect });
    }

    [Fact]
    public void Compose_file_is_valid_against_the_compose_specification_schema()
    {
        var result = Validate(published.Compose);

        Assert.True(result.IsValid, "docker-compose.yml breaks the Compose Specification:\n" + Errors(result));
    }

    [Fact]
    public void Schema_rejects_what_compose_rejects()
    {
        // The check itself: a service key Compose does not know, and a port that is not a number.
        var broken = JsonNode.Parse(published.Compose.ToJsonString())!.AsObject();
        broken["services"]!["syncthing"]!["gpus"] = "all";
        broken["services"]!["dashboard"]!["ports"]![0]!["published"] = "eighty";

        var result = Validate(broken);

        Assert.False(result.IsValid);
    }

    private static EvaluationResults Validate(JsonNode compose) =>
        Schema.Evaluate(JsonDocument.Parse(compose.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults result) =>
        string.Join('\n', (result.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")));
}
