using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// The catalogue's schema as its EF model defines it, for the few statements written by hand (the Librarian's
/// prepared claim and look-up statements): a table or column renamed in the model is renamed there too. Also the
/// limits the model sets that writers must respect.
/// </summary>
public static class CatalogSchema
{
    /// <summary>The longest camera make, camera model or MIME type the catalogue keeps.</summary>
    public const int ShortTextLength = 128;

    /// <summary>The table where EF keeps the applied migrations, on both providers.</summary>
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>The table of <typeparamref name="TEntity"/>, quoted for the provider.</summary>
    public static string Table<TEntity>(this CatalogDbContext db) =>
        db.GetService<ISqlGenerationHelper>().DelimitIdentifier(EntityType<TEntity>(db).GetTableName()!);

    /// <summary>The mapped property <paramref name="name"/> of <typeparamref name="TEntity"/>: its column and its type mapping.</summary>
    public static IProperty Property<TEntity>(this CatalogDbContext db, string name) =>
        EntityType<TEntity>(db).FindProperty(name)
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{name} is not mapped in the catalogue");

    /// <summary>The column of <paramref name="property"/> in its table, quoted for the provider.</summary>
    public static string Column(this CatalogDbContext db, IProperty property) =>
        db.GetService<ISqlGenerationHelper>().DelimitIdentifier(
            property.GetColumnName(StoreObjectIdentifier.Table(property.DeclaringType.GetTableName()!))!);

    private static IEntityType EntityType<TEntity>(CatalogDbContext db) =>
        db.Model.FindEntityType(typeof(TEntity))
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not part of the catalogue");
}
