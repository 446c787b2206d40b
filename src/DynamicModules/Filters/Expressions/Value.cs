using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DynamicModules.Filters.Expressions;

/// <summary>Runtime kinds of value. <see cref="Skipped"/> is internal to optional chains and never escapes one.</summary>
internal enum ValueKind : byte
{
    Null,
    Boolean,
    Number,
    String,
    List,
    Map,
    Skipped,
}

/// <summary>
/// A runtime value. Strings, lists and maps read from the payload stay as <see cref="JsonElement"/>s, so walking the
/// event allocates nothing; only values the expression builds itself (literals, <c>map</c> results, concatenations)
/// live in <see cref="reference"/>. It is a struct so that evaluation does not box.
/// </summary>
internal readonly struct Value
{
    private readonly object? reference;
    private readonly JsonElement json;

    private Value(ValueKind kind, double number = 0, object? reference = null, JsonElement json = default)
    {
        Kind = kind;
        Number = number;
        this.reference = reference;
        this.json = json;
    }

    public static Value Null => default;

    public static Value Skipped => new(ValueKind.Skipped);

    public static Value True => new(ValueKind.Boolean, 1);

    public static Value False => new(ValueKind.Boolean, 0);

    public ValueKind Kind { get; }

    /// <summary>The number, or 1/0 for a Boolean.</summary>
    public double Number { get; }

    public bool IsTrue => Kind == ValueKind.Boolean && Number != 0;

    /// <summary>True when the value came from the payload; <see cref="Json"/> is then meaningful.</summary>
    public bool IsJson => reference is null && Kind is ValueKind.String or ValueKind.List or ValueKind.Map;

    public JsonElement Json => json;

    public static Value FromBoolean(bool value) => new(ValueKind.Boolean, value ? 1 : 0);

    public static Value FromNumber(double value) => new(ValueKind.Number, value);

    public static Value FromString(string value) => new(ValueKind.String, reference: value);

    public static Value FromList(Value[] items) => new(ValueKind.List, reference: items);

    public static Value FromMap(Dictionary<string, Value> entries) => new(ValueKind.Map, reference: entries);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new(ValueKind.Map, json: element),
        JsonValueKind.String => new(ValueKind.String, json: element),
        JsonValueKind.Array => new(ValueKind.List, json: element),
        JsonValueKind.Number => new(ValueKind.Number, element.GetDouble()),
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        _ => Null,
    };

    /// <summary>The string content; allocates when the string comes from the payload.</summary>
    public string AsString() => reference as string ?? json.GetString()!;

    /// <summary>Compares a string value with a .NET string without materialising payload strings.</summary>
    public bool StringEquals(string other) => reference is string s ? string.Equals(s, other, StringComparison.Ordinal) : json.ValueEquals(other);

    /// <summary>Strict equality with a string whose UTF-8 form is precomputed; payload strings are compared as bytes.</summary>
    public bool EqualsString(string text, byte[] utf8) =>
        Kind == ValueKind.String && (reference is string s ? string.Equals(s, text, StringComparison.Ordinal) : json.ValueEquals(utf8));

    public int ListLength => reference is Value[] items ? items.Length : json.GetArrayLength();

    public int StringLength => reference is string s ? s.Length : json.GetString()!.Length;

    /// <summary>The items of a list value; payload arrays are converted lazily by the enumerator.</summary>
    public ListEnumerator EnumerateList() => new(this);

    public Value ListItem(int index)
    {
        if (reference is Value[] items)
        {
            return (uint)index < (uint)items.Length ? items[index] : Null;
        }

        return (uint)index < (uint)json.GetArrayLength() ? FromJson(json[index]) : Null;
    }

    /// <summary>Reads a map entry by name; a missing key reads as null, as in Jira expressions.</summary>
    public Value MapEntry(string name, byte[] utf8Name)
    {
        if (reference is Dictionary<string, Value> entries)
        {
            return entries.TryGetValue(name, out var value) ? value : Null;
        }

        return json.TryGetProperty(utf8Name, out var property) ? FromJson(property) : Null;
    }

    public Value MapEntry(string name)
    {
        if (reference is Dictionary<string, Value> entries)
        {
            return entries.TryGetValue(name, out var value) ? value : Null;
        }

        return json.TryGetProperty(name, out var property) ? FromJson(property) : Null;
    }

    private IEnumerable<KeyValuePair<string, Value>> MapEntries()
    {
        if (reference is Dictionary<string, Value> entries)
        {
            return entries;
        }

        return json.EnumerateObject().Select(p => new KeyValuePair<string, Value>(p.Name, FromJson(p.Value)));
    }

    private int MapCount => reference is Dictionary<string, Value> entries ? entries.Count : json.EnumerateObject().Count();

    /// <summary>
    /// The equality list <c>includes</c> uses: strict equality, except that NaN is found (JavaScript's SameValueZero;
    /// <c>indexOf</c> and <c>==</c> stay strict, so they never find NaN).
    /// </summary>
    public static bool SameValueZero(in Value left, in Value right) =>
        StrictEquals(left, right) || (left.Kind == ValueKind.Number && right.Kind == ValueKind.Number && double.IsNaN(left.Number) && double.IsNaN(right.Number));

    /// <summary>
    /// Strict equality: values of different kinds are never equal (no coercion); lists and maps compare by content,
    /// since filter authors compare payload data, not object identity.
    /// </summary>
    public static bool StrictEquals(in Value left, in Value right)
    {
        if (left.Kind != right.Kind)
        {
            return false;
        }

        switch (left.Kind)
        {
            case ValueKind.Null:
                return true;
            case ValueKind.Boolean:
            case ValueKind.Number:
                return left.Number == right.Number;
            case ValueKind.String:
                if (right.reference is string rightString)
                {
                    return left.StringEquals(rightString);
                }

                return left.reference is string leftString ? right.json.ValueEquals(leftString) : left.json.ValueEquals(right.json.GetString());
            case ValueKind.List:
                {
                    var length = left.ListLength;
                    if (length != right.ListLength)
                    {
                        return false;
                    }

                    for (var i = 0; i < length; i++)
                    {
                        if (!StrictEquals(left.ListItem(i), right.ListItem(i)))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            case ValueKind.Map:
                if (left.MapCount != right.MapCount)
                {
                    return false;
                }

                foreach (var (key, value) in left.MapEntries())
                {
                    if (!StrictEquals(value, right.MapEntry(key)) || (value.Kind == ValueKind.Null && !right.HasKey(key)))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private bool HasKey(string key) => reference is Dictionary<string, Value> entries ? entries.ContainsKey(key) : json.TryGetProperty(key, out _);

    /// <summary>The type name used in error messages, matching the type checker's names.</summary>
    public string TypeName => Kind switch
    {
        ValueKind.Null => "Null",
        ValueKind.Boolean => "Boolean",
        ValueKind.Number => "Number",
        ValueKind.String => "String",
        ValueKind.List => "List",
        ValueKind.Map => "Map",
        _ => "Nothing",
    };

    /// <summary>Enumerates a list value without allocating for payload arrays.</summary>
    public struct ListEnumerator
    {
        private readonly Value[]? items;
        private JsonElement.ArrayEnumerator json;
        private int index;

        public ListEnumerator(Value list)
        {
            items = list.reference as Value[];
            json = items is null ? list.json.EnumerateArray() : default;
            index = -1;
            Current = Null;
        }

        public Value Current { get; private set; }

        public readonly ListEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (items is not null)
            {
                if (++index >= items.Length)
                {
                    return false;
                }

                Current = items[index];
                return true;
            }

            if (!json.MoveNext())
            {
                return false;
            }

            Current = FromJson(json.Current);
            return true;
        }
    }
}
