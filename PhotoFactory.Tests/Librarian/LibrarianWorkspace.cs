using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Catalog;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian;

/// <summary>
/// An inbox, originals, quarantine and catalogue of a test's own, and the real Librarian run against them as a
/// separate process, the way a user or the AppHost runs it.
/// </summary>
public sealed class LibrarianWorkspace : IAsyncDisposable
{
    /// <summary>
    /// How long a command may run before it counts as hung: a bound, not a measure. A loaded machine took more than
    /// three minutes over the last ingest of 540 files after the crash test's kills.
    /// </summary>
    private static readonly TimeSpan HungAfter = TimeSpan.FromMinutes(10);

    private readonly TempDirectory _root;

    private LibrarianWorkspace(TempDirectory root, TestCatalog catalog)
    {
        _root = root;
        Catalog = catalog;
        Directory.CreateDirectory(Inbox);
    }

    public TestCatalog Catalog { get; }

    public string Inbox => _root.Combine("Photos_Inbox");
    public string Originals => _root.Combine("Storage", "Originals");
    public string Quarantine => _root.Combine("Storage", "Quarantine");
    public string Data => Catalog.DataDirectory;

    public static async Task<LibrarianWorkspace> CreateAsync(CatalogProvider provider = CatalogProvider.Sqlite) =>
        new(new TempDirectory("librarian"), await TestCatalog.CreateEmptyAsync(provider, "librarian"));

    public string InInbox(string relative)
    {
        var path = Path.Combine(Inbox, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public string InOriginals(string relative) => Path.Combine(Originals, relative);

    /// <summary>A scratch path outside the inbox, for files a test prepares before dropping them in.</summary>
    public string InData(string name) => Path.Combine(Data, name);

    /// <summary>The environment that points a Librarian process at this workspace's catalogue.</summary>
    public Dictionary<string, string?> Environment(params (string Key, string? Value)[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["PhotoFactory__Inbox"] = Inbox,
            ["PhotoFactory__Originals"] = Originals,
            ["PhotoFactory__Quarantine"] = Quarantine,
            ["PhotoFactory__DataDirectory"] = Data,
            ["ConnectionStrings__photofactory"] = Catalog.PostgresConnectionString,
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Runs <c>ingest</c> with --json and returns its exit code and report.</summary>
    public async Task<IngestRun> IngestAsync(params string[] options)
    {
        await using var process = StartIngest(options);
        var exit = await process.WaitAsync(HungAfter);
        var report = exit == 2 && process.StandardOutput.Length == 0
            ? []
            : JsonSerializer.Deserialize<List<ReportEntry>>(process.StandardOutput, JsonOptions)
                ?? throw new InvalidOperationException("empty report");
        return new IngestRun(exit, report, process.StandardError);
    }

    public ProcessRun StartIngest(params string[] options) => ProcessRun.StartService("PhotoFactory.Librarian",
        ["ingest", "--inbox", Inbox, "--originals", Originals, "--data", Data, "--quarantine", Quarantine, "--json", .. options],
        Environment());

    public async Task<(int Exit, string Output, string Error)> VerifyAsync(params string[] options)
    {
        // Held to file permissions, as it is in the Librarian's container.
        await using var process = ProcessRun.StartServiceHeldToPermissions("PhotoFactory.Librarian",
            ["verify", "--originals", Originals, "--data", Data, .. options], Environment());
        var exit = await process.WaitAsync(HungAfter);
        return (exit, process.StandardOutput, process.StandardError);
    }

    public CatalogDbContext OpenCatalog() => Catalog.CreateContext();

    public async Task<List<T>> QueryAsync<T>(Func<CatalogDbContext, IQueryable<T>> query)
    {
        await using var db = OpenCatalog();
        return await query(db).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every file under a folder, relative and '/'-separated, sorted.</summary>
    public static List<string> FilesUnder(string folder) => !Directory.Exists(folder)
        ? []
        : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Catalog.DisposeAsync();
        _root.Dispose();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
}

/// <summary>One finished <c>ingest</c>: exit code, the --json report, and what it wrote to standard error.</summary>
public sealed record IngestRun(int Exit, List<ReportEntry> Report, string Error)
{
    public ReportEntry For(string source) =>
        Report.SingleOrDefault(e => e.Source == source) ?? throw new Xunit.Sdk.XunitException($"no report entry for '{source}'; report has: {string.Join(", ", Report.Select(e => e.Source))}\n{Error}");
}

/// <summary>One entry of the --json report, as a script reads it.</summary>
public sealed record ReportEntry(string Source, string Outcome, string? Destination, string? Sha256, string? CapturedAt,
    string? DateSource, double? Latitude, double? Longitude, string? Reason, string? QuarantinedTo, List<string>? Sidecars);
