using System.Diagnostics;
using System.Globalization;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Catalog;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.CommandLine;

/// <summary>
/// <c>ingest</c> and <c>verify</c>: the same engine and catalogue as the service, run once from a shell.
/// Exit codes: 0 all well, 1 something quarantined (ingest) or a difference found (verify), 2 bad arguments
/// or an unusable catalogue.
/// </summary>
internal static class LibrarianCli
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int Unusable = 2;

    /// <summary>How long a command waits for a catalogue it cannot reach at all before it gives up.</summary>
    private static readonly TimeSpan UnreachableTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a command waits for a reachable catalogue to become current. Longer: several Librarians started
    /// together take turns at the migrations, and on a busy machine the turns of three took more than 20 s (seen in CI).
    /// </summary>
    private static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(2);

    /// <summary>A first argument that is a word, not an option, is a command; the service takes only options.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] is not ("ingest" or "verify"))
        {
            await Console.Error.WriteLineAsync($"unknown command '{args[0]}'\n{Usage}");
            return Unusable;
        }

        var ingest = args[0] == "ingest";
        var parsed = CliArguments.Parse(args,
            ingest ? new HashSet<string> { "--inbox", "--originals", "--data", "--quarantine" } : new HashSet<string> { "--originals", "--data" },
            ingest ? new HashSet<string> { "--copy", "--dry-run", "--json" } : new HashSet<string> { "--full" },
            out var error);
        if (parsed is null || (ingest && parsed["--inbox"] is null) || parsed["--originals"] is null)
        {
            await Console.Error.WriteLineAsync($"{error ?? "missing a required option"}\n{Usage}");
            return Unusable;
        }

        if (ingest && parsed.Has("--copy") && parsed.Has("--dry-run"))
        {
            await Console.Error.WriteLineAsync($"--copy and --dry-run cannot be combined\n{Usage}");
            return Unusable;
        }

        using var host = Build(parsed);
        var readiness = host.Services.GetRequiredService<CatalogReadiness>();
        await host.StartAsync();
        try
        {
            if (!await WaitForCatalogueAsync(readiness))
            {
                await Console.Error.WriteLineAsync($"The catalogue cannot be used: {readiness.State}");
                return Unusable;
            }

            return ingest
                ? await IngestAsync(host.Services, parsed)
                : await VerifyCommand.RunAsync(host.Services, parsed.Has("--full"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<bool> WaitForCatalogueAsync(CatalogReadiness readiness)
    {
        var waited = Stopwatch.StartNew();
        while (!readiness.IsReady)
        {
            if (waited.Elapsed > MigrationTimeout || (readiness.IsUnreachable && waited.Elapsed > UnreachableTimeout))
            {
                return false;
            }

            try
            {
                await readiness.WhenReady(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                // Look again at what the schema service last found.
            }
        }

        return true;
    }

    private const string Usage = """
        usage: PhotoFactory.Librarian ingest --inbox DIR --originals DIR [--data DIR] [--quarantine DIR] [--copy] [--dry-run] [--json]
               PhotoFactory.Librarian verify --originals DIR [--data DIR] [--full]
        """;

    private static IHost Build(CliArguments parsed)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = [LibrarianRegistration.ReadSettingsOnce],
        });
        var paths = new Dictionary<string, string?>
        {
            [HostContract.Originals] = Path.GetFullPath(parsed["--originals"]!),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (parsed["--inbox"] is { } inbox)
        {
            paths[HostContract.Inbox] = Path.GetFullPath(inbox);
        }

        if (parsed["--data"] is { } data)
        {
            paths[HostContract.DataDirectory] = Path.GetFullPath(data);
        }

        // The quarantine defaults to a sibling of the originals: Storage/Originals -> Storage/Quarantine.
        paths[HostContract.Quarantine] = Path.GetFullPath(parsed["--quarantine"]
            ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(parsed["--originals"]!))!, "Quarantine"));
        builder.Configuration.AddInMemoryCollection(paths);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("PhotoFactory", LogLevel.Warning);
        // Log lines go to standard error so that --json output stays clean.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Inside its container the catalogue's password is a file, as for the service.
        builder.Configuration.AddSecretFiles();
        builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
        builder.AddFilingEngine();
        return builder.Build();
    }

    private static async Task<int> IngestAsync(IServiceProvider services, CliArguments parsed)
    {
        var mode = parsed.Has("--dry-run") ? FilingMode.DryRun : parsed.Has("--copy") ? FilingMode.Copy : FilingMode.Move;
        var layout = services.GetRequiredService<StorageLayout>();
        if (!Directory.Exists(layout.Inbox))
        {
            await Console.Error.WriteLineAsync($"The inbox '{layout.Inbox}' does not exist.");
            return Unusable;
        }

        if (mode != FilingMode.DryRun)
        {
            Directory.CreateDirectory(layout.Originals);
            await services.GetRequiredService<ClaimRecovery>().RecoverAsync(CancellationToken.None);
        }

        var plan = InboxPlanner.Plan(() => InboxScanner.Scan(layout.Inbox));
        var progress = ProgressBar.IsWanted ? new ProgressBar(plan.FileCount, TimeProvider.System) : null;
        FilingRunResult run;
        IngestOutput output;
        using (output = new IngestOutput(parsed.Has("--json"), progress))
        {
            foreach (var ignored in plan.Ignored)
            {
                output.Report(FilingResult.Ignored(ignored.RelativePath, ignored.IgnoreReason!));
            }

            run = await services.GetRequiredService<FilingRun>().RunAsync(plan.Work, mode, output, CancellationToken.None);
        }

        await Console.Error.WriteLineAsync(Summary(output, mode));
        if (run.Unavailable is not null)
        {
            await Console.Error.WriteLineAsync($"Stopped early: {run.Unavailable.Message}. Files not filed are still in the inbox.");
            return Unusable;
        }

        return output.Count(FilingOutcome.Quarantined) > 0 ? Problems : Ok;
    }

    private static string Summary(IngestOutput output, FilingMode mode) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(mode == FilingMode.DryRun ? "Dry run, nothing changed: " : "")}{output.Count(FilingOutcome.Placed)} placed, {output.Count(FilingOutcome.Duplicate)} duplicate, {output.Count(FilingOutcome.Ignored)} ignored, {output.Count(FilingOutcome.Quarantined)} quarantined, {output.Count(FilingOutcome.Deferred)} deferred");
}
