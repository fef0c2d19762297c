using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian;
using PhotoFactory.Librarian.CommandLine;

if (LibrarianCli.Handles(args))
{
    return await LibrarianCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(LibrarianTelemetry.Name);
builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
builder.AddLibrarian();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
