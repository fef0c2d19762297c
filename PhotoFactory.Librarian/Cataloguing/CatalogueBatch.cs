using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Librarian.Cataloguing;

/// <summary>
/// One transaction of <see cref="CatalogueWriter"/>. Rows a write adds (<see cref="Db"/>'s sets) are saved together
/// when the batch commits, in one <c>SaveChanges</c> instead of one per file; the statements filing runs for every
/// file (<see cref="ExecuteAsync"/>: claim, end of claim) run at once and stay prepared for the rest of the batch. Parameters take their
/// types from the EF model, so both providers bind them as EF itself would.
/// </summary>
internal sealed class CatalogueBatch(CatalogDbContext db, DbTransaction transaction)
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The batch's context: add rows to its sets; they are saved when the batch commits.</summary>
    public CatalogDbContext Db => db;

    /// <summary>
    /// Runs <paramref name="sql"/> (parameters <c>@p0</c>, <c>@p1</c>, … in the order given) in the batch's
    /// transaction, each value converted as its column's mapping converts it.
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, IReadOnlyList<(IProperty Column, object? Value)> parameters, CancellationToken cancellationToken)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                var (column, value) = parameters[i];
                command.Parameters[i].Value = (column.GetRelationalTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value)
                    ?? DBNull.Value;
            }
        }
        else
        {
            command = CreateCommand(db, sql, parameters);
            command.Transaction = transaction;
            _commands.Add(sql, command);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Saves the added rows and commits; nothing of the batch is kept if either fails.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeCommandsAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }
    }

    /// <summary>A command on <paramref name="db"/>'s connection whose parameters are typed by their columns in the model.</summary>
    public static DbCommand CreateCommand(CatalogDbContext db, string sql, IReadOnlyList<(IProperty Column, object? Value)> parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Count; i++)
        {
            command.Parameters.Add(parameters[i].Column.GetRelationalTypeMapping().CreateParameter(command, $"p{i}", parameters[i].Value));
        }

        return command;
    }
}
