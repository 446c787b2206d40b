using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DynamicModules.Storage;

/// <summary>
/// Opens connections and write transactions on the configured engine. Stores take this and write
/// plain SQL with Dapper; the few statements that differ between engines are chosen by <see cref="Engine"/>.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    /// <summary>How long a SQLite writer waits for this process's other writers: the busy timeout it had before.</summary>
    private static readonly TimeSpan SqliteWriteWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many statements each PostgreSQL connection keeps prepared (Npgsql automatic preparation) unless the connection string
    /// says otherwise. The service runs a few dozen distinct statements (batches travel as arrays, so the text does not depend on
    /// their size); without preparation PostgreSQL parses and plans each one on every execution, and planning the delivery claim
    /// (an UPDATE … RETURNING joined with four tables) cost more than running it.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 128;

    private readonly NpgsqlDataSource? _postgres;
    // Connections held for as long as a LISTEN lasts: outside the pool, so no pooled connection ever carries a LISTEN.
    private readonly NpgsqlDataSource? _postgresListeners;
    private readonly string? _sqliteConnectionString;

    // SQLite has one writer at a time. Left to SQLite, a writer that finds the lock taken sleeps in
    // Microsoft.Data.Sqlite's busy loop (150 ms a turn), so writers of this process queue here instead and
    // are handed the lock the moment it is free. Other processes (the seeder, a second server on the same file)
    // still meet the busy timeout.
    private readonly SemaphoreSlim? _sqliteWriter;

    static Database()
    {
        // Row classes use PascalCase properties for snake_case columns.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private Database(
        StorageEngine engine, NpgsqlDataSource? postgres, NpgsqlDataSource? postgresListeners, string? sqliteConnectionString)
    {
        Engine = engine;
        _postgres = postgres;
        _postgresListeners = postgresListeners;
        _sqliteConnectionString = sqliteConnectionString;
        _sqliteWriter = engine == StorageEngine.Sqlite ? new SemaphoreSlim(1, 1) : null;
    }

    /// <summary>The engine behind this database.</summary>
    public StorageEngine Engine { get; }

    /// <summary>A SQLite database in the given file (created when missing, owner-only).</summary>
    public static Database ForSqlite(string path)
    {
        SQLitePCL.Batteries_V2.Init();
        OwnerOnlyFiles.PrepareSqliteFile(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: this is our busy timeout.
            DefaultTimeout = 30,
        };
        return new Database(StorageEngine.Sqlite, null, null, builder.ToString());
    }

    /// <summary>
    /// A PostgreSQL database reached through the given connection string. Statements are prepared automatically
    /// (<see cref="DefaultMaxAutoPrepare"/>) unless the connection string sets <c>Max Auto Prepare</c> itself, e.g. to 0 behind a
    /// pooler that cannot keep prepared statements. A pooled connection is not reset when it returns to the pool unless the
    /// connection string sets <c>No Reset On Close</c> itself: the service leaves no session state behind (every transaction ends,
    /// no SET, no session advisory lock, no temporary table, and LISTEN only on <see cref="OpenListenerAsync"/> connections), and
    /// the reset is seven statements the server runs on the next use of every connection, three times per delivered event.
    /// </summary>
    public static Database ForPostgres(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!Sets(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }

        var listeners = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false };
        return new(
            StorageEngine.Postgres,
            NpgsqlDataSource.Create(settings.ConnectionString),
            NpgsqlDataSource.Create(listeners.ConnectionString),
            null);
    }

    /// <summary>
    /// This instance's name among the nodes sharing the database (unique per <see cref="Database"/>, so two hosts in one process are
    /// two nodes): it tells a node's own announcements apart from other nodes' (<see cref="WriteScope.Node"/>).
    /// </summary>
    public string Node { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The PostgreSQL connection string of the pool, or null on SQLite.</summary>
    public string? PostgresConnectionString => _postgres?.ConnectionString;

    /// <summary>Opens a pooled connection.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Opens a PostgreSQL connection of its own, outside the pool, for a LISTEN held until it is disposed (which closes it, and
    /// the LISTEN with it).
    /// </summary>
    public async Task<NpgsqlConnection> OpenListenerAsync(CancellationToken cancellationToken) =>
        _postgresListeners is null
            ? throw new InvalidOperationException("LISTEN needs PostgreSQL.")
            : await _postgresListeners.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Runs one write statement on PostgreSQL as a transaction of its own and returns its rows. A statement sent outside a
    /// transaction commits as it ends, so this is one round trip where <see cref="BeginWriteAsync"/> takes two for the same
    /// statement (BEGIN travels with it, COMMIT alone). For a unit of work that is a single statement (data-modifying CTEs make
    /// several tables' writes one); SQLite writers go through <see cref="BeginWriteAsync"/>, which queues them for the one write lock.
    /// </summary>
    public async Task<IReadOnlyList<T>> WriteOneStatementAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
    {
        if (_postgres is null)
        {
            throw new InvalidOperationException("A one-statement write is for PostgreSQL; SQLite writes go through BeginWriteAsync.");
        }

        await using var connection = await _postgres.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Opens a connection with a write transaction. On SQLite the transaction takes the write lock up
    /// front (BEGIN IMMEDIATE), so two writers never deadlock upgrading read locks; on PostgreSQL it is
    /// READ COMMITTED and writers serialise on the rows they lock.
    /// </summary>
    public async Task<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        if (_sqliteWriter is not null && !await _sqliteWriter.WaitAsync(SqliteWriteWait, cancellationToken))
        {
            throw new TimeoutException($"No SQLite write lock within {SqliteWriteWait.TotalSeconds:0} s: another write of this process holds it.");
        }

        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken);
            // Microsoft.Data.Sqlite maps Serializable to BEGIN IMMEDIATE.
            var transaction = await connection.BeginTransactionAsync(
                Engine == StorageEngine.Sqlite ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted,
                cancellationToken);
            return new WriteScope(connection, transaction, _sqliteWriter, Node);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _sqliteWriter?.Release();
            throw;
        }
    }


    // Whether the operator chose a setting (in either spelling Npgsql accepts), even if to Npgsql's default.
    private static bool Sets(string connectionString, string key, string otherSpelling)
    {
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.ContainsKey(key) || keys.ContainsKey(otherSpelling);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_postgresListeners is not null)
        {
            await _postgresListeners.DisposeAsync();
        }

        _sqliteWriter?.Dispose();
    }
}
