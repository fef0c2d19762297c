using PhotoFactory;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian;
using PhotoFactory.Librarian.CommandLine;

NativeHeap.LimitArenas(2);

if (LibrarianCli.Handles(args))
{
    return await LibrarianCli.RunAsync(args);
}

// Settings are read once: reloading them on change would watch every folder below the current one (the content
// root), which may hold the inbox or the originals: an inotify watch per folder and an event for every file filed.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
// Secrets a deployment hands over as files (NAME_FILE), before anything reads them.
builder.Configuration.AddSecretFiles();

builder.AddServiceDefaults(LibrarianTelemetry.Name);
builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
builder.AddLibrarian();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
