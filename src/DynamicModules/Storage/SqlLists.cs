namespace DynamicModules.Storage;

/// <summary>
/// "Column is one of a list" in SQL. Dapper expands <c>IN @list</c> into one parameter per item on SQLite, but on
/// Npgsql it passes the list as a single array parameter, which <c>IN</c> cannot take: PostgreSQL needs <c>= ANY(@list)</c>.
/// </summary>
public static class SqlLists
{
    /// <summary>The condition <paramref name="column"/> ∈ <c>@<paramref name="parameter"/></c>; pass the list as an array.</summary>
    public static string In(this Database database, string column, string parameter)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Engine == StorageEngine.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";
    }
}
