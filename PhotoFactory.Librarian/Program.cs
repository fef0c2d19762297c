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

var builder = WebApplication.CreateBuilder([.. args, LibrarianRegistration.ReadSettingsOnce]);
// Secrets a deployment hands over as files (NAME_FILE), before anything reads them.
builder.Configuration.AddSecretFiles();

builder.AddServiceDefaults(LibrarianTelemetry.Name);
builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
builder.AddLibrarian();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
