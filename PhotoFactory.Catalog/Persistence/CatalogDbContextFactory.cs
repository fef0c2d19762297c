using Microsoft.EntityFrameworkCore;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>Hands out the provider's context as the shared <see cref="CatalogDbContext"/> type.</summary>
internal sealed class CatalogDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<CatalogDbContext>
    where TContext : CatalogDbContext
{
    public CatalogDbContext CreateDbContext() => inner.CreateDbContext();
}
