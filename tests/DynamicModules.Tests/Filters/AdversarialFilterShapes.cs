using System.Text;
using DynamicModules.Filters;

namespace DynamicModules.Tests.Filters;

/// <summary>
/// Filters an app could send to make compilation expensive, each built to a requested length: long chains (members,
/// calls, operators), deep nesting, long literals and lists, many errors. Shared by the cost test and the benchmark
/// (which links this file), so both measure the same inputs.
/// </summary>
internal static class AdversarialFilterShapes
{
    /// <summary>
    /// One shape. <see cref="MustCompile"/> is set for shapes that are valid filters at every size; the others are
    /// refused (type errors, syntax errors, nesting beyond the limit) at some or all sizes, and must be refused quickly.
    /// </summary>
    public sealed record Shape(string Name, FilterLanguage Language, bool MustCompile, Func<int, string> Build)
    {
        public override string ToString() => Name;
    }

    /// <summary>A payload every valid shape can be evaluated against.</summary>
    public const string Payload = """{"a": [[1], [2]], "b": true, "n": 1, "s": " x ", "k": "A-1", "issue": {"id": "1", "key": "A-1"}}""";

    public static IReadOnlyList<Shape> All { get; } =
    [
        Expression("member chain", true, n => Fill("event", ".a", " == 1", n)),
        Expression("optional member chain", true, n => Fill("event", "?.a", " == null", n)),
        Expression("two shared member chains", true, n => Half("event", ".a", " == 1", " && ", n)),
        Expression("many short shared chains", true, n => Fill("event.a.a.a.a.a == 1", " && event.a.a.a.a.a == 1", "", n)),
        Expression("index chain", true, n => Fill("event", "[0]", " == 1", n)),
        Expression("string index chain", true, n => Fill("event", "['a']", " == 1", n)),
        Expression("method call chain", true, n => Fill("event.s", ".trim()", " == 'x'", n)),
        Expression("callback chain", true, n => Fill("event.a", ".map(x => x)", ".length == 2", n)),
        Expression("long identifier", true, n => Fill("event.", "a", " == 1", n)),
        Expression("&& chain", true, n => Fill("event.b", " && event.b", "", n)),
        Expression("|| chain of equalities", true, n => Fill("event.k == 'A-0'", " || event.k == 'A-0'", "", n)),
        Expression("mixed precedence chain", true, n => Fill("1 < 2", " && 1 + 2 * 3 - 4 / 5 < 6 == true || event.b", "", n)),
        Expression("arithmetic chain", true, n => Fill("event.n", " + 1", " > 0", n)),
        Expression("concatenation chain", true, n => Fill("event.s", " + 'a'", " != ''", n)),
        Expression("long string literal", true, n => Fill("event.s == '", "a", "'", n)),
        Expression("long number literal", true, n => Fill("event.n == 1", "0", "", n)),
        Expression("long list", true, n => Fill("[1", ", 1", "].includes(event.n)", n)),
        Expression("long map", true, n => Fill("{a: 1", ", a: 1", "}.a == 1", n)),
        Expression("many type errors", false, n => Fill("null.a", " || null.a", "", n)),
        Expression("many unknown identifiers", false, n => Fill("x", " && x", "", n)),
        Expression("many arrow parameters", false, ManyParameters),
        Expression("nested parentheses", false, n => Nest("(", "true", ")", n)),
        Expression("nested negation", false, n => Fill("", "!", "true", n)),
        Expression("nested unary minus", false, n => Fill("", "- ", "1 == 1", n)),
        Expression("nested index", false, n => Nest("event[", "0", "]", n, " == 1")),
        Expression("nested callbacks", false, n => Nest("event.a.some(x => x.some(y => ", "true", "))", n)),
        Expression("nested calls", false, n => Nest("event.s.includes(", "'x'", ")", n)),
        Expression("nested lists", false, n => Nest("[", "1", "]", n, ".length == 1")),
        Expression("ternary chain", false, n => Fill("", "event.b ? true : ", "false", n)),
        Expression("syntax error at the end", false, n => Fill("event.b", " && event.b", " &&", n)),
        Jql("OR chain", true, n => Fill("id = 1", " OR id = 1", "", n)),
        Jql("AND chain", true, n => Fill("id = 1", " AND id = 1", "", n)),
        Jql("alternating AND/OR", true, n => Fill("id = 1", " AND key = A-1 OR id = 1", "", n)),
        Jql("long IN list", true, n => Fill("key IN (A-1", ", A-1", ")", n)),
        Jql("long quoted value", true, n => Fill("key = \"", "a", "\"", n)),
        Jql("nested NOT", false, n => Fill("", "NOT ", "id = 1", n)),
        Jql("nested parentheses", false, n => Nest("(", "id = 1", ")", n)),
    ];

    private static Shape Expression(string name, bool mustCompile, Func<int, string> build) => new(name, FilterLanguage.Expression, mustCompile, build);

    private static Shape Jql(string name, bool mustCompile, Func<int, string> build) => new($"JQL {name}", FilterLanguage.Jql, mustCompile, build);

    /// <summary><paramref name="head"/>, then <paramref name="unit"/> as often as fits in <paramref name="length"/>, then <paramref name="tail"/>.</summary>
    private static string Fill(string head, string unit, string tail, int length)
    {
        var count = Math.Max(0, (length - head.Length - tail.Length) / unit.Length);
        return new StringBuilder(length).Append(head).Insert(head.Length, unit, count).Append(tail).ToString();
    }

    /// <summary>Two copies of the same chain, joined: both halves read the same long payload paths.</summary>
    private static string Half(string head, string unit, string tail, string join, int length)
    {
        var half = Fill(head, unit, tail, (length - join.Length) / 2);
        return half + join + half;
    }

    /// <summary>
    /// An arrow with hundreds of distinct parameters (refused: callbacks take one) whose body reads the first one
    /// over and over, so every use is looked up past all the others.
    /// </summary>
    private static string ManyParameters(int length)
    {
        var builder = new StringBuilder(length).Append("event.a.some((p0");
        for (var i = 1; builder.Length < length / 2; i++)
        {
            builder.Append(", p").Append(i);
        }

        builder.Append(") => p0");
        while (builder.Length < length - " && p0)".Length)
        {
            builder.Append(" && p0");
        }

        return builder.Append(')').ToString();
    }

    /// <summary><paramref name="open"/> repeated, <paramref name="core"/>, the same number of <paramref name="close"/>, then <paramref name="tail"/>.</summary>
    private static string Nest(string open, string core, string close, int length, string tail = "")
    {
        var count = Math.Max(0, (length - core.Length - tail.Length) / (open.Length + close.Length));
        return string.Concat(Enumerable.Repeat(open, count)) + core + string.Concat(Enumerable.Repeat(close, count)) + tail;
    }
}
