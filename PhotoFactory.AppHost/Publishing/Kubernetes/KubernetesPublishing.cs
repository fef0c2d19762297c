#pragma warning disable ASPIREPIPELINES001 // the pipeline API is how publishing steps are added in Aspire 13

using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PhotoFactory.AppHost.Publishing.Kubernetes;

/// <summary>
/// <c>--publisher kubernetes --output-path DIR</c>: writes the Kubernetes manifests, their kustomization, the example of
/// its settings and the files its ConfigMaps are made from into DIR, the repository's <c>deploy/kubernetes/</c> folder.
/// </summary>
public static class KubernetesPublishing
{
    public const string Publisher = "kubernetes";
    public const string StepName = "publish-kubernetes";

    /// <summary>Where the manifests live, relative to the repository root.</summary>
    public const string DeployFolder = "deploy/kubernetes";

    public const string RefreshCommand =
        "dotnet run --project PhotoFactory.AppHost -- --publisher kubernetes --output-path ../deploy/kubernetes";

    /// <summary>Adds the step, and selects it when the AppHost was started with <c>--publisher kubernetes</c>.</summary>
    public static void AddKubernetesPublishing(this IDistributedApplicationBuilder builder, IReadOnlyList<DeploymentFolder> folders)
    {
        if (string.Equals(builder.Configuration["Publishing:Publisher"], Publisher, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(builder.Configuration["Pipeline:Step"]))
        {
            builder.Configuration["Pipeline:Step"] = StepName;
        }

        builder.Pipeline.AddStep(StepName, async context =>
        {
            var configuration = context.Services.GetRequiredService<IConfiguration>();
            var output = configuration["Pipeline:OutputPath"] is { Length: > 0 } path
                ? Path.GetFullPath(path)
                : throw new DistributedApplicationException($"--output-path is missing; run: {RefreshCommand}");

            var generator = new KubernetesManifestGenerator(context.Model, context.ExecutionContext, folders, context.Logger);
            var files = await generator.GenerateAsync(context.CancellationToken);

            Directory.CreateDirectory(output);
            foreach (var file in files)
            {
                await File.WriteAllTextAsync(Path.Combine(output, file.Name), file.Text, context.CancellationToken);
            }

            // The files the kustomization makes ConfigMaps from, copied: kustomize reads only below its own folder.
            foreach (var folder in generator.ConfigFolders)
            {
                var target = Path.Combine(output, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder.HostPath)));
                Directory.CreateDirectory(target);
                foreach (var file in KubernetesManifestGenerator.ConfigFiles(folder))
                {
                    File.Copy(Path.Combine(folder.HostPath, file), Path.Combine(target, file), overwrite: true);
                }
            }

            context.Logger.LogInformation("Published the Kubernetes manifests to: {Path}", output);
        }, requiredBy: null);
    }
}
