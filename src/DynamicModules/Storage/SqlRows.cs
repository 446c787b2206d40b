using System.Buffers;
using System.Text;
using System.Text.Json;
using Dapper;

namespace DynamicModules.Storage;

/// <summary>
/// A list of rows sent to the database as a fixed number of parameters, whatever its length, for set-based batch statements
/// (<c>UPDATE … FROM</c>, <c>INSERT … SELECT</c>): on PostgreSQL one array per column, read back with <c>unnest</c>; on SQLite one
/// JSON array of arrays, read back with <c>json_each</c>. The SQL text is the same for every batch size, and binding costs the
/// same for 1 row as for 1,000 (Microsoft.Data.Sqlite looks parameters up by name in a list, so a <c>VALUES</c> list of n rows
/// with k parameters each costs O((nk)²) to bind).
/// </summary>
/// <remarks>Columns are 64-bit integers or text, either nullable; add them in order with <see cref="Number"/> and <see cref="Text"/>.</remarks>
public sealed class SqlRows
{
    private readonly string _name;
    private readonly int _count;
    private readonly List<(string Name, bool IsText, object Values)> _columns = [];

    /// <summary>Rows of <paramref name="count"/> entries, named <paramref name="name"/> in the SQL (its parameters start so).</summary>
    public SqlRows(string name, int count)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _name = name;
        _count = count;
    }

    /// <summary>Adds an integer column; <paramref name="value"/> gives row i's value.</summary>
    public SqlRows Number(string column, Func<int, long?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var values = new long?[_count];
        for (var i = 0; i < _count; i++)
        {
            values[i] = value(i);
        }

        _columns.Add((column, false, values));
        return this;
    }

    /// <summary>Adds a text column; <paramref name="value"/> gives row i's value.</summary>
    public SqlRows Text(string column, Func<int, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var values = new string?[_count];
        for (var i = 0; i < _count; i++)
        {
            values[i] = value(i);
        }

        _columns.Add((column, true, values));
        return this;
    }

    /// <summary>
    /// The rows as a table expression for a <c>FROM</c> clause, aliased <paramref name="alias"/> with the columns named as added,
    /// and their parameters added to <paramref name="parameters"/>.
    /// </summary>
    public string From(Database database, DynamicParameters parameters, string alias)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(parameters);
        if (database.Engine == StorageEngine.Postgres)
        {
            // Npgsql sends long?[] and string?[] as bigint[] and text[]; unnest zips them into rows.
            var arrays = new List<string>(_columns.Count);
            for (var c = 0; c < _columns.Count; c++)
            {
                var (_, isText, values) = _columns[c];
                var parameter = $"{_name}{c}";
                parameters.Add(parameter, values);
                arrays.Add($"@{parameter}::{(isText ? "text" : "bigint")}[]");
            }

            return $"unnest({string.Join(", ", arrays)}) AS {alias}({string.Join(", ", _columns.Select(column => column.Name))})";
        }

        parameters.Add(_name, Json());
        var extracts = _columns.Select((column, c) => $"json_extract(value, '$[{c}]') AS {column.Name}");
        return $"(SELECT {string.Join(", ", extracts)} FROM json_each(@{_name})) AS {alias}";
    }

    /// <summary>
    /// The condition <paramref name="column"/> ∈ <paramref name="values"/> as one parameter named <paramref name="name"/> (an array
    /// on PostgreSQL, a JSON array on SQLite), added to <paramref name="parameters"/>.
    /// </summary>
    public static string In(Database database, DynamicParameters parameters, string column, string name, IReadOnlyCollection<long> values)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        if (database.Engine == StorageEngine.Postgres)
        {
            parameters.Add(name, values.ToArray());
            return $"{column} = ANY(@{name})";
        }

        parameters.Add(name, "[" + string.Join(",", values.Select(value => value.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");
        return $"{column} IN (SELECT value FROM json_each(@{name}))";
    }

    private string Json()
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (_count * _columns.Count * 12));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < _count; i++)
            {
                writer.WriteStartArray();
                foreach (var (_, isText, values) in _columns)
                {
                    if (isText)
                    {
                        if (((string?[])values)[i] is { } text)
                        {
                            writer.WriteStringValue(text);
                        }
                        else
                        {
                            writer.WriteNullValue();
                        }
                    }
                    else if (((long?[])values)[i] is { } number)
                    {
                        writer.WriteNumberValue(number);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
