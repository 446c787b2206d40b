using System.Globalization;
using System.Text;
using DynamicModules.Filters;
using static DynamicModules.Tests.Filters.SamplePayloads;

namespace DynamicModules.Tests.Filters;

/// <summary>
/// Evaluating a group of filters over values extracted once from the payload (<see cref="PayloadPaths"/>) must give
/// exactly what each filter gives walking the payload itself: the same match, the same error text and the same step
/// count, for random expressions and JQL queries over random payloads, including the awkward ones (members of null,
/// strings and lists, <c>length</c>, optional chains, duplicate and escaped property names, missing issues).
/// </summary>
public class ExtractedEvaluationDifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_202;

    // Names the random payloads and paths share, so that paths hit, miss, and meet every kind of value.
    private static readonly string[] Names = ["a", "b", "c", "length", "issue", "fields"];

    [Fact]
    public void RandomExpressionsAgreeOverExtractedValues()
    {
        var random = new Random(Seed);
        var generator = new RandomExpressionGenerator(random);
        var compared = 0;
        var errors = 0;
        for (var p = 0; p < 150; p++)
        {
            // The Jint differential generator's payloads and expressions, plus shape-driven ones over random trees.
            var json = p % 2 == 0 ? generator.NextPayload() : RandomTree(random);
            if (p % 2 == 0 && random.Next(3) == 0)
            {
                json = Mangle(json, random);
            }

            var sources = Enumerable.Range(0, 30)
                .Select(i => i % 2 == 0 ? generator.NextExpression().Ours : RandomPathExpression(random))
                .ToList();
            var filters = sources.Select(source => CompileExpression(source)).ToList();
            var (count, failed) = CompareGroup(json, sources, filters);
            compared += count;
            errors += failed;
        }

        output.WriteLine($"{compared} evaluations compared, {errors} of them runtime errors.");
        errors.ShouldBeGreaterThan(compared / 20, "the payloads should make a fair share of filters fail at run time");
    }

    [Fact]
    public void RandomJqlAgreesOverExtractedValues()
    {
        var random = new Random(Seed + 1);
        var compared = 0;
        var matched = 0;
        for (var p = 0; p < 200; p++)
        {
            var json = RandomIssue(random);
            var sources = Enumerable.Range(0, 20).Select(_ => RandomJql(random)).ToList();
            var filters = sources.Select(source =>
            {
                var compilation = FilterCompiler.Compile(FilterLanguage.Jql, source);
                compilation.Errors.ShouldBeEmpty(source);
                return compilation.Filter!;
            }).ToList();
            compared += CompareGroup(json, sources, filters).Count;
            matched += filters.Count(f => f.Evaluate(Parse(json)).Matched);
        }

        output.WriteLine($"{compared} evaluations compared, {matched} matched.");
        matched.ShouldBeGreaterThan(compared / 10, "the random queries should match some of the time");
    }

    [Fact]
    public void MixedLanguagesShareOnePathSet()
    {
        string[] expressions =
        [
            "event.issue.fields.issuetype.name == 'Bug'",
            "event.issue.fields.labels.includes('urgent') && event.issue.fields.priority.name != 'Low'",
            "event.issue.key.length > 3",
            "event.issue?.fields?.nothing?.deeper == null",
        ];
        string[] jql = ["project = PROJ AND issuetype = Bug", "labels in (urgent, calm)", "assignee IS EMPTY"];
        var filters = expressions.Select(e => CompileExpression(e))
            .Concat(jql.Select(q => FilterCompiler.Compile(FilterLanguage.Jql, q).Filter!))
            .ToList();
        var paths = PayloadPaths.Merge(filters, out var slots);
        var extracted = paths.Extract(IssueUpdated);
        try
        {
            for (var i = 0; i < filters.Count; i++)
            {
                filters[i].Bind(slots[i]!).Evaluate(extracted).ShouldBe(filters[i].Evaluate(IssueUpdated));
            }

            // Both languages read issue.fields.issuetype.name and issue.fields.project: one path each, not one per filter.
            paths.Count.ShouldBeLessThan(filters.Sum(f => f.Paths.Count));
        }
        finally
        {
            extracted.Return();
        }
    }

    [Fact]
    public void EscapedAndDuplicateNamesReadAsTryGetPropertyReadsThem()
    {
        const string Json = """{"a": 1, "\u0061": 2, "b": {"c": "x"}, "b": {"c": "y"}, "fields": {"le\u006egth": 3}}""";
        string[] sources = ["event.a == 2", "event.b.c == 'y'", "event.fields.length == 3", "event.b.c == 'x'"];
        var filters = sources.Select(s => CompileExpression(s)).ToList();
        CompareGroup(Json, sources, filters);
        filters.Select(f => f.Evaluate(Parse(Json)).Matched).ShouldBe([true, true, true, false]);
    }

    [Fact]
    public void StringTestsCompareRawTextAsValueEqualsComparesUnescapedText()
    {
        // Path tests compare a string's raw text where that decides (PathTestChain.IsString): escaped values, values
        // shorter, longer and as long as the literal, literals with a backslash or a quote, and values that are no strings.
        const string Json = """
            {"a": "B\u0075g", "b": "Bug", "c": "Bu", "d": "Bugs", "e": "a\\b", "f": "a\u005cb", "g": ["x", "B\u0075g", 3],
             "h": 12, "i": null, "j": ["Bug"], "k": {"Bug": 1}, "l": "\"Bug\"", "m": "Bu\u0067s", "n": "\u00e9t\u00e9", "o": "été"}
            """;
        (string Source, bool Matched)[] cases =
        [
            ("event.a == 'Bug'", true), ("event.b == 'Bug'", true), ("event.c == 'Bug'", false), ("event.d == 'Bug'", false),
            (@"event.e == 'a\\b'", true), (@"event.f == 'a\\b'", true), (@"event.e == 'a\\c'", false), ("event.g.includes('Bug')", true),
            ("event.g.includes('Bu')", false), ("event.h == 'Bug'", false), ("event.h != 'Bug'", true), ("event.i == 'Bug'", false),
            ("event.j == 'Bug'", false), ("event.k == 'Bug'", false), ("event.l == '\"Bug\"'", true), ("event.m == 'Bug'", false),
            ("event.m == 'Bugs'", true), ("event.n == 'été'", true), ("event.o == 'été'", true), ("event.o == 'ete'", false),
            ("event.nothing == 'Bug'", false), ("event.nothing != 'Bug'", true), ("event.c != 'Bug' && event.a == 'Bug'", true),
        ];
        var sources = cases.Select(c => c.Source).ToList();
        var filters = sources.Select(source => CompileExpression(source)).ToList();
        CompareGroup(Json, sources, filters);
        filters.Select(f => f.Evaluate(Parse(Json)).Matched).ShouldBe(cases.Select(c => c.Matched));
    }

    /// <summary>Compares every filter's outcome over extracted values with its own walk; returns (compared, errors).</summary>
    private static (int Count, int Errors) CompareGroup(string json, IReadOnlyList<string> sources, List<CompiledFilter> filters)
    {
        var payload = Parse(json);
        var paths = PayloadPaths.Merge(filters, out var slots);
        var extracted = paths.Extract(payload);
        var errors = 0;
        try
        {
            for (var i = 0; i < filters.Count; i++)
            {
                var walked = filters[i].Evaluate(payload);
                var shared = filters[i].Bind(slots[i]!).Evaluate(extracted);
                shared.ShouldBe(walked, $"filter: {sources[i]}\njson: {json}");
                errors += walked.Error is null ? 0 : 1;
            }
        }
        finally
        {
            extracted.Return();
        }

        return (filters.Count, errors);
    }

    /// <summary>A random JSON tree over <see cref="Names"/>, written by hand so that it can repeat and escape names.</summary>
    private static string RandomTree(Random random)
    {
        var builder = new StringBuilder();
        WriteObject(builder, random, 4);
        return builder.ToString();
    }

    private static void WriteObject(StringBuilder builder, Random random, int depth)
    {
        builder.Append('{');
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var name = Names[random.Next(Names.Length)];
            // Now and then spell a name with an escape: it still names the same member.
            builder.Append('"').Append(random.Next(8) == 0 ? $"\\u{(int)name[0]:x4}{name[1..]}" : name).Append("\":");
            WriteValue(builder, random, depth - 1);
        }

        builder.Append('}');
    }

    private static void WriteValue(StringBuilder builder, Random random, int depth)
    {
        switch (random.Next(depth <= 0 ? 5 : 8))
        {
            case 0:
                builder.Append("null");
                break;
            case 1:
                builder.Append(random.Next(2) == 0 ? "true" : "false");
                break;
            case 2:
                builder.Append(random.Next(-2, 5).ToString(CultureInfo.InvariantCulture));
                break;
            case 3:
            case 4:
                builder.Append('"').Append(Pick(random, "", "x", "y", "Bug", "urgent")).Append('"');
                break;
            case 5:
                builder.Append('[');
                var items = random.Next(0, 4);
                for (var i = 0; i < items; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteValue(builder, random, depth - 1);
                }

                builder.Append(']');
                break;
            default:
                WriteObject(builder, random, depth);
                break;
        }
    }

    /// <summary>Replaces one member value of a generator payload with a value of another kind.</summary>
    private static string Mangle(string json, Random random)
    {
        var name = Pick(random, "o", "ns", "ss", "items", "b0", "s0", "n0");
        var value = Pick(random, "null", "\"x\"", "[]", "{}", "7", "{\"n\": \"no\", \"s\": 1}");
        return json.Replace($"\"{name}\":", $"\"{name}\":{value},\"{name}-was\":", StringComparison.Ordinal);
    }

    /// <summary>A Boolean expression reading random member chains over <see cref="Names"/>, with every kind of chain tail.</summary>
    private static string RandomPathExpression(Random random)
    {
        var clauses = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomPathClause(random));
        return string.Join(Pick(random, " && ", " || "), clauses);
    }

    private static string RandomPathClause(Random random)
    {
        var path = new StringBuilder("event");
        var length = random.Next(1, 5);
        for (var i = 0; i < length; i++)
        {
            path.Append(random.Next(4) == 0 ? "?." : ".").Append(Names[random.Next(Names.Length)]);
        }

        return random.Next(11) switch
        {
            0 => $"{path} == 'x'",
            9 => $"{path} != 'y'",
            10 => $"{path}.includes('urgent')",
            1 => $"{path} == 1",
            2 => $"{path} == null",
            3 => $"{path}.length > 0",
            4 => $"{path}?.includes('x') == true",
            5 => $"{path}[0] != null",
            6 => $"{path}.some(v => v == 'urgent')",
            7 => $"{path} != {path}.a",
            _ => $"{path}?.b?.c == 'y'",
        };
    }

    private static readonly string[] JqlFields = ["project", "issuetype", "status", "priority", "assignee", "reporter", "labels", "issuekey"];

    private static string RandomJql(Random random)
    {
        var clauses = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var field = JqlFields[random.Next(JqlFields.Length)];
            var value = Pick(random, "PROJ", "Bug", "high", "urgent", "10000", "5", "x");
            var clause = random.Next(6) switch
            {
                0 => $"{field} = {value}",
                1 => $"{field} != {value}",
                2 => $"{field} in ({value}, Bug, urgent)",
                3 => $"{field} not in ({value})",
                4 => $"{field} ~ {value[..1]}",
                _ => random.Next(2) == 0 ? $"{field} is empty" : $"{field} is not empty",
            };
            return random.Next(5) == 0 ? $"NOT {clause}" : clause;
        });
        return string.Join(Pick(random, " AND ", " OR "), clauses);
    }

    /// <summary>A Jira-like event whose fields are present, missing, null, of the wrong kind, numbers or arrays at random.</summary>
    private static string RandomIssue(Random random)
    {
        if (random.Next(15) == 0)
        {
            return Pick(random, "[]", "{}", """{"issue": "PROJ-1"}""", """{"issue": null}""");
        }

        string Named(params string[] names) => random.Next(6) switch
        {
            0 => "null",
            1 => "\"PROJ\"",
            2 => "[\"urgent\", 5]",
            _ => "{" + string.Join(",", names.Where(_ => random.Next(4) != 0)
                .Select(n => $"\"{n}\": {Pick(random, "\"PROJ\"", "\"Bug\"", "\"High\"", "10000", "5", "\"\"", "null", "[\"urgent\", \"x\"]")}")) + "}",
        };

        var fields = new List<string>
        {
            $"\"project\": {Named("key", "name", "id")}",
            $"\"issuetype\": {Named("name", "id")}",
            $"\"status\": {Named("name", "id")}",
            $"\"priority\": {Named("name", "id")}",
            $"\"assignee\": {Named("accountId")}",
            $"\"reporter\": {Named("accountId")}",
            $"\"labels\": {Pick(random, "[]", "[\"urgent\"]", "[\"Bug\", \"x\", 5]", "\"urgent\"", "null")}",
        };
        var kept = fields.Where(_ => random.Next(5) != 0);
        var fieldsJson = random.Next(10) == 0 ? "\"none\"" : "{" + string.Join(",", kept) + "}";
        var key = Pick(random, "\"PROJ-1\"", "5", "null");
        return "{\"issue\": {\"key\": " + key + ", \"id\": \"10042\", \"fields\": " + fieldsJson + "}}";
    }

    private static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];
}
