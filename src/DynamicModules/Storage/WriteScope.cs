using System.Data.Common;
using Dapper;

namespace DynamicModules.Storage;

/// <summary>A connection with an open write transaction; disposing without <see cref="CommitAsync"/> rolls back.</summary>
/// <param name="connection">The connection.</param>
/// <param name="transaction">Its write transaction.</param>
/// <param name="writerGate">This process's SQLite writer slot, held for the life of the scope and released on dispose (null on PostgreSQL).</param>
/// <param name="node">The <see cref="Database.Node"/> that opened the scope.</param>
public sealed class WriteScope(DbConnection connection, DbTransaction transaction, SemaphoreSlim? writerGate = null, string node = "")
    : IAsyncDisposable
{
    private int _disposed;

    /// <summary>The connection.</summary>
    public DbConnection Connection { get; } = connection;

    /// <summary>The transaction every statement of the scope must use.</summary>
    public DbTransaction Transaction { get; } = transaction;

    /// <summary>The node writing (<see cref="Database.Node"/>): what its announcements carry, so it can ignore its own.</summary>
    public string Node { get; } = node;

    /// <summary>Commits all statements of the scope at once.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    /// <summary>Runs a statement in the transaction; returns the rows affected.</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.ExecuteAsync(new CommandDefinition(sql, parameters, Transaction, cancellationToken: cancellationToken));

    /// <summary>Runs a query in the transaction.</summary>
    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.QueryAsync<T>(new CommandDefinition(sql, parameters, Transaction, cancellationToken: cancellationToken));

    /// <summary>Runs a query in the transaction that returns at most one row.</summary>
    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, Transaction, cancellationToken: cancellationToken));

    /// <summary>Runs a query in the transaction that returns one value.</summary>
    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, Transaction, cancellationToken: cancellationToken));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            writerGate?.Release();
        }
    }
}
