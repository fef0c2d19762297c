#pragma warning disable ASPIREPIPELINES001 // the pipeline API is how publishing steps are added in Aspire 13

using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// <c>--publisher compose --output-path DIR</c>: writes <c>docker-compose.yml</c>, <c>.env.example</c>,
/// Homepage's configuration, the catalogue's init scripts and Syncthing's start script into DIR, the repository's <c>deploy/</c> folder, from the AppHost's model.
/// </summary>
public static class ComposePublishing
{
    public const string Publisher = "compose";
    public const string StepName = "publish-compose";

    public const string RefreshCommand =
        "dotnet run --project PhotoFactory.AppHost -- --publisher compose --output-path ../deploy";

    public const string ComposeFileName = "docker-compose.yml";
    public const string EnvExampleFileName = ".env.example";
    public const string HomepageFolder = "homepage";

    /// <summary>
    /// Adds the step, and selects it when the AppHost was started with <c>--publisher compose</c>. Returns the deployment
    /// folders, which the Kubernetes publisher places too.
    /// </summary>
    public static IReadOnlyList<DeploymentFolder> AddComposePublishing(this IDistributedApplicationBuilder builder, HostFolders folders)
    {
        if (string.Equals(builder.Configuration["Publishing:Publisher"], Publisher, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(builder.Configuration["Pipeline:Step"]))
        {
            builder.Configuration["Pipeline:Step"] = StepName;
        }

        var homepageConfig = Path.Combine(builder.AppHostDirectory, HomepageExtensions.ConfigFolder);
        var factoryDbInit = Path.Combine(builder.AppHostDirectory, CatalogueExtensions.InitFolder);
        var syncthingStart = Path.Combine(builder.AppHostDirectory, SyncthingExtensions.StartFolder);
        var deploymentFolders = DeploymentFolder.From(folders, homepageConfig, factoryDbInit, syncthingStart);
        var repositoryRoot = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(builder.AppHostDirectory))!;

        builder.Pipeline.AddStep(StepName, async context =>
        {
            var configuration = context.Services.GetRequiredService<IConfiguration>();
            var output = configuration["Pipeline:OutputPath"] is { Length: > 0 } path
                ? Path.GetFullPath(path)
                : throw new DistributedApplicationException($"--output-path is missing; run: {RefreshCommand}");

            var generator = new ComposeFileGenerator(context.Model, context.ExecutionContext, deploymentFolders, repositoryRoot, context.Logger);
            var files = await generator.GenerateAsync(context.CancellationToken);

            Directory.CreateDirectory(output);
            await File.WriteAllTextAsync(Path.Combine(output, ComposeFileName), files.ComposeFile, context.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(output, EnvExampleFileName), files.EnvExample, context.CancellationToken);

            // Homepage's configuration is the AppHost's own, copied: its services.yaml takes every address
            // from HOMEPAGE_VAR_* variables, so the same file serves a run here and a deployment.
            CopyFolder(homepageConfig, Path.Combine(output, HomepageFolder), "*.yaml");
            // The catalogue's init scripts likewise (File.Copy keeps the script's execute bit).
            CopyFolder(factoryDbInit, Path.Combine(output, CatalogueExtensions.InitFolder), "*");
            CopyFolder(syncthingStart, Path.Combine(output, SyncthingExtensions.StartFolder), "*");

            context.Logger.LogInformation("Published the compose file to: {Path}", Path.Combine(output, ComposeFileName));
        }, requiredBy: null);
        return deploymentFolders;
    }

    private static void CopyFolder(string source, string target, string pattern)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, pattern))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}
