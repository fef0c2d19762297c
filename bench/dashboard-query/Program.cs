// Times PhotoFactory.Dashboard's LibraryQuery against the catalogue in ConnectionStrings__photofactory, the way
// the library page calls it on every load or filter change: ReadPageAsync (first page, newest capture first)
// then CountAsync. Prints "name<TAB>median ms<TAB>p95 ms<TAB>rows<TAB>count" per case.
//   dotnet run -- <iterations> <make> <model>
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Dashboard;
using PhotoFactory.Dashboard.Library;

var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
var make = args.Length > 1 ? args[1] : "Canon";
var model = args.Length > 2 ? args[2] : "Canon EOS R5";

var builder = Host.CreateApplicationBuilder();
builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
builder.Services.AddSingleton(typeof(PhotoFactory.Dashboard.Live.Cached<>));
builder.Services.AddSingleton<LibraryQuery>();
using var host = builder.Build();
var query = host.Services.GetRequiredService<LibraryQuery>();

var cameras = await query.ReadCamerasAsync(CancellationToken.None);
var camera = cameras.FirstOrDefault(c => c.Make == make && c.Model == model) ?? cameras[0];

var cases = new (string Name, LibraryFilter Filter)[]
{
    ("no filter", LibraryFilter.None),
    ($"camera {camera.Label}", new LibraryFilter(Camera: camera)),
    ("kind Video", new LibraryFilter(Kind: MediaKind.Video)),
    ("with location", new LibraryFilter(HasLocation: true)),
    ("with errors", new LibraryFilter(HasErrors: true)),
    ("captured in 2015", new LibraryFilter(From: new DateOnly(2015, 1, 1), To: new DateOnly(2015, 12, 31))),
    ($"2015 + {camera.Label} + Raw + location", new LibraryFilter(new DateOnly(2015, 1, 1), new DateOnly(2015, 12, 31), camera, MediaKind.Raw, true)),
};

foreach (var (name, filter) in cases)
{
    // Warm up: connection pool, compiled query, the buffer cache.
    LibraryPage page = await query.ReadPageAsync(filter, LibrarySort.CapturedNewest, null, CancellationToken.None);
    long count = await query.CountAsync(filter, CancellationToken.None);
    var times = new List<double>(iterations);
    for (var i = 0; i < iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        page = await query.ReadPageAsync(filter, LibrarySort.CapturedNewest, null, CancellationToken.None);
        count = await query.CountAsync(filter, CancellationToken.None);
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    var median = times[times.Count / 2];
    var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
    Console.WriteLine(FormattableString.Invariant($"{name}\t{median:F1}\t{p95:F1}\t{page.Rows.Count}\t{count}"));
}
