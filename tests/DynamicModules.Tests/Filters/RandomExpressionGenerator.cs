using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DynamicModules.Tests.Filters;

/// <summary>
/// Generates random, type-consistent Boolean expressions twice over: in our filter language and as the equivalent
/// JavaScript for Jint 4 (ES2020). The two differ only in equality: ours is strict already, so <c>==</c> becomes
/// <c>===</c> and <c>!=</c> becomes <c>!==</c>; arrow functions, optional chaining (<c>?.</c>, <c>?.[</c>), list and
/// string <c>includes</c>, <c>startsWith</c> and <c>endsWith</c> are the same text. Only constructs whose semantics
/// agree are generated, so results must match exactly. Left out on purpose, as documented differences between Jira
/// expressions and JavaScript: anything that can see <c>undefined</c> (a missing property is null for us and
/// undefined in JavaScript, so <c>event.missing == null</c> differs), equality of lists and maps (by value for us,
/// by reference in JavaScript), and the loose operators (<c>1 + '1'</c>, <c>!1</c>) that our type checker refuses.
/// </summary>
internal sealed class RandomExpressionGenerator(Random random)
{
    private enum Kind
    {
        Boolean,
        Number,
        String,
        Item,
    }

    /// <summary>Text in both languages plus the precedence of its outermost operator (9 = primary).</summary>
    private readonly record struct Code(string Ours, string Js, int Precedence);

    private const string Alphabet = "abcAB xy-";
    private readonly List<(string Name, Kind Kind)> variables = [];
    private int numbers;
    private int strings;
    private int items;

    /// <summary>A random payload with numbers n*, strings s*, booleans b*, an object o and non-empty arrays ns, ss, items.</summary>
    public string NextPayload()
    {
        numbers = random.Next(1, 4);
        strings = random.Next(1, 4);
        items = random.Next(1, 5);
        var payload = new JsonObject();
        for (var i = 0; i < numbers; i++)
        {
            payload[$"n{i}"] = RandomNumber();
        }

        for (var i = 0; i < strings; i++)
        {
            payload[$"s{i}"] = RandomString();
        }

        payload["b0"] = random.Next(2) == 0;
        payload["b1"] = random.Next(2) == 0;
        payload["o"] = new JsonObject { ["n"] = RandomNumber(), ["s"] = RandomString(), ["b"] = random.Next(2) == 0 };
        payload["ns"] = new JsonArray([.. Enumerable.Range(0, items).Select(_ => (JsonNode)RandomNumber())]);
        payload["ss"] = new JsonArray([.. Enumerable.Range(0, items).Select(_ => (JsonNode)RandomString())]);
        payload["items"] = new JsonArray([.. Enumerable.Range(0, items).Select(_ => (JsonNode)new JsonObject { ["n"] = RandomNumber(), ["s"] = RandomString() })]);
        return payload.ToJsonString();
    }

    /// <summary>Returns one Boolean expression as (ours, JavaScript).</summary>
    public (string Ours, string Js) NextExpression()
    {
        variables.Clear();
        var code = Generate(Kind.Boolean, 4);
        return (code.Ours, code.Js);
    }

    private double RandomNumber() => random.Next(4) == 0 ? random.Next(-40, 40) / 4.0 : random.Next(-5, 10);

    private string RandomString()
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 5);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    private T Pick<T>(params T[] options) => options[random.Next(options.Length)];

    private static Code Same(string text, int precedence = 9) => new(text, text, precedence);

    /// <summary>Wraps <paramref name="code"/> in parentheses when its precedence is below <paramref name="minimum"/>, and sometimes anyway.</summary>
    private Code AtLeast(Code code, int minimum) =>
        code.Precedence < minimum || random.Next(10) == 0 ? new Code($"({code.Ours})", $"({code.Js})", 9) : code;

    private Code Binary(Code left, string ours, string js, Code right, int precedence)
    {
        left = AtLeast(left, precedence);
        right = AtLeast(right, precedence + 1);
        return new Code($"{left.Ours} {ours} {right.Ours}", $"{left.Js} {js} {right.Js}", precedence);
    }

    private Code Generate(Kind kind, int depth)
    {
        if (depth <= 0 || random.Next(4) == 0)
        {
            return Leaf(kind);
        }

        return kind switch
        {
            Kind.Boolean => GenerateBoolean(depth - 1),
            Kind.Number => GenerateNumber(depth - 1),
            Kind.String => GenerateString(depth - 1),
            _ => Leaf(kind),
        };
    }

    private Code GenerateBoolean(int depth)
    {
        switch (random.Next(13))
        {
            case 0:
            case 1:
                {
                    var (ours, js) = Pick(("==", "==="), ("!=", "!=="), ("<", "<"), ("<=", "<="), (">", ">"), (">=", ">="));
                    var operands = Pick(Kind.Number, Kind.String);
                    return Binary(Generate(operands, depth), ours, js, Generate(operands, depth), ours.Length == 2 && ours[0] is '=' or '!' ? 4 : 5);
                }

            case 2:
                return Binary(Generate(Kind.Boolean, depth), "&&", "&&", Generate(Kind.Boolean, depth), 3);
            case 3:
                return Binary(Generate(Kind.Boolean, depth), "||", "||", Generate(Kind.Boolean, depth), 2);
            case 4:
                {
                    var operand = AtLeast(Generate(Kind.Boolean, depth), 8);
                    return new Code("!" + operand.Ours, "!" + operand.Js, 8);
                }

            case 5:
                return Conditional(Kind.Boolean, depth);
            case 6:
                {
                    // Equality across kinds is simply false in both languages.
                    var (ours, js) = Pick(("==", "==="), ("!=", "!=="));
                    return Binary(Generate(Kind.Number, depth), ours, js, Generate(Pick(Kind.String, Kind.Boolean), depth), 4);
                }

            case 7:
                return Callback(Pick("some", "every"), depth);
            case 8:
                {
                    var (list, element) = Pick(("event.ns", Kind.Number), ("event.ss", Kind.String), ("event?.ns", Kind.Number), ("event.ss?.filter(x => x != '')", Kind.String));
                    var value = Generate(element, depth);
                    var js = list.Replace("!=", "!==", StringComparison.Ordinal);
                    return new Code($"{list}.includes({value.Ours})", $"{js}.includes({value.Js})", 9);
                }

            case 9:
                {
                    var first = Generate(Kind.Number, depth);
                    var value = Generate(Kind.Number, depth);
                    return new Code($"[{first.Ours}, 2, 3].includes({value.Ours})", $"[{first.Js}, 2, 3].includes({value.Js})", 9);
                }

            case 10:
                {
                    var receiver = AtLeast(Generate(Kind.String, depth), 9);
                    var argument = Generate(Kind.String, depth);
                    var method = Pick("includes", "startsWith", "endsWith");
                    return new Code($"{receiver.Ours}.{method}({argument.Ours})", $"{receiver.Js}.{method}({argument.Js})", 9);
                }

            case 11:
                // Optional links on a missing object end the chain for both languages; the result equals nothing.
                {
                    var (ours, js) = Pick(("==", "==="), ("!=", "!=="));
                    var missing = Pick("event.nothing?.deeper", "event.nothing?.deeper.more", "event.nothing?.[0]", "event.nothing?.trim()", "event.o.nothing?.n");
                    var other = Generate(Pick(Kind.Number, Kind.String), depth);
                    return Binary(Same(missing), ours, js, other, 4);
                }

            default:
                {
                    var receiver = AtLeast(Generate(Kind.String, depth), 9);
                    var argument = Generate(Kind.String, depth);
                    return Binary(
                        new Code($"{receiver.Ours}.indexOf({argument.Ours})", $"{receiver.Js}.indexOf({argument.Js})", 9), ">=", ">=", Same("0"), 5);
                }
        }
    }

    private Code GenerateNumber(int depth)
    {
        switch (random.Next(8))
        {
            case 0:
            case 1:
                {
                    var (op, precedence) = Pick(("+", 6), ("-", 6), ("*", 7), ("/", 7), ("%", 7));
                    return Binary(Generate(Kind.Number, depth), op, op, Generate(Kind.Number, depth), precedence);
                }

            case 2:
                {
                    var operand = AtLeast(Generate(Kind.Number, depth), 8);
                    var space = operand.Ours.StartsWith('-') ? " " : "";
                    return new Code("-" + space + operand.Ours, "-" + space + operand.Js, 8);
                }

            case 3:
                return Conditional(Kind.Number, depth);
            case 4:
                {
                    var text = AtLeast(Generate(Kind.String, depth), 9);
                    return new Code(text.Ours + ".length", text.Js + ".length", 9);
                }

            case 5:
                {
                    var mapped = Callback("map", depth);
                    return new Code(mapped.Ours + ".length", mapped.Js + ".length", 9);
                }

            case 6:
                {
                    var filtered = Callback("filter", depth);
                    return new Code(filtered.Ours + ".length", filtered.Js + ".length", 9);
                }

            default:
                {
                    var receiver = AtLeast(Generate(Kind.String, depth), 9);
                    var argument = Generate(Kind.String, depth);
                    return new Code($"{receiver.Ours}.indexOf({argument.Ours})", $"{receiver.Js}.indexOf({argument.Js})", 9);
                }
        }
    }

    private Code GenerateString(int depth)
    {
        switch (random.Next(4))
        {
            case 0:
                return Binary(Generate(Kind.String, depth), "+", "+", Generate(Kind.String, depth), 6);
            case 1:
                return Conditional(Kind.String, depth);
            default:
                {
                    var receiver = AtLeast(Generate(Kind.String, depth), 9);
                    var method = Pick("toLowerCase", "toUpperCase", "trim");
                    var link = Pick(".", ".", "?.");
                    return new Code($"{receiver.Ours}{link}{method}()", $"{receiver.Js}{link}{method}()", 9);
                }
        }
    }

    private Code Conditional(Kind kind, int depth)
    {
        var condition = AtLeast(Generate(Kind.Boolean, depth), 2);
        var whenTrue = Generate(kind, depth);
        var whenFalse = Generate(kind, depth);
        return new Code($"{condition.Ours} ? {whenTrue.Ours} : {whenFalse.Ours}", $"{condition.Js} ? {whenTrue.Js} : {whenFalse.Js}", 1);
    }

    /// <summary>A list method with a callback: <c>some/every</c> (Boolean) or <c>map/filter</c> (list, used via length).</summary>
    private Code Callback(string method, int depth)
    {
        var (list, element) = Pick(("event.ns", Kind.Number), ("event.ss", Kind.String), ("event.items", Kind.Item), ("event?.items", Kind.Item), ("event.ns.map(x => x * 2)", Kind.Number));
        var name = "v" + variables.Count;
        variables.Add((name, element));
        var body = method == "map" ? Generate(Pick(Kind.Number, Kind.String, Kind.Boolean), depth) : Generate(Kind.Boolean, depth);
        variables.RemoveAt(variables.Count - 1);
        var parameter = random.Next(3) == 0 ? $"({name})" : name;
        return new Code($"{list}.{method}({parameter} => {body.Ours})", $"{list}.{method}({parameter} => {body.Js})", 9);
    }

    private Code Leaf(Kind kind)
    {
        var variable = variables.Count > 0 && random.Next(2) == 0 ? variables[random.Next(variables.Count)] : default;
        if (variable.Name is not null)
        {
            switch (variable.Kind)
            {
                case Kind.Item when kind == Kind.Number:
                    return Same(variable.Name + Pick(".n", "?.n"));
                case Kind.Item when kind == Kind.String:
                    return Same(variable.Name + Pick("['s']", "?.['s']", "?.s"));
                case var k when k == kind:
                    return Same(variable.Name);
            }
        }

        return kind switch
        {
            Kind.Boolean => random.Next(8) switch
            {
                0 => Same(Pick("true", "false")),
                1 => Same("event.o.b"),
                2 => new Code("event.nothing.deeper == 1", "event.nothing.deeper === 1", 4),
                _ => Same(Pick("event.b0", "event.b1", "event['b0']", "event?.b1", "event.o?.b")),
            },
            Kind.Number => random.Next(6) switch
            {
                0 => Literal(RandomNumber()),
                1 => Same(Pick("event.o.n", "event.o?.n", "event?.o?.n")),
                2 => Same($"event.ns[{random.Next(items)}]"),
                3 => Same($"event.items{Pick("", "?.")}[{random.Next(items)}]{Pick(".", "?.")}n"),
                4 => Same("event.ns.length"),
                _ => Same(random.Next(2) == 0 ? $"event.n{random.Next(numbers)}" : $"event['n{random.Next(numbers)}']"),
            },
            _ => random.Next(5) switch
            {
                0 => Same(Pick("'", "\"") is var quote ? $"{quote}{RandomString()}{quote}" : ""),
                1 => Same(Pick("event.o.s", "event.o?.s", "event.o?.['s']")),
                2 => Same($"event.ss[{random.Next(items)}]"),
                3 => Same($"event.items[{random.Next(items)}]['s']"),
                _ => Same($"event.s{random.Next(strings)}"),
            },
        };
    }

    private static Code Literal(double value) => value < 0
        ? Same("-" + (-value).ToString("R", CultureInfo.InvariantCulture), 8)
        : Same(value.ToString("R", CultureInfo.InvariantCulture));
}
