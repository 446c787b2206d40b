using System.Text;
using DynamicModules.Filters;
using static DynamicModules.Tests.Filters.SamplePayloads;

namespace DynamicModules.Tests.Filters;

/// <summary>
/// Path-test chains of one to four tests run as straight-line code in the bound filter (<see cref="BoundShape"/>); longer
/// ones, and every chain when bound with <c>straightLine: false</c>, through the chain's loop. Each straight-line form
/// must give exactly what the loop gives and what the filter gives walking the payload: the same match and the same
/// steps, over random values that are missing, null, escaped, longer, shorter, of another kind, or below a parent that
/// is no object (where the chain cannot decide and the closure tree runs).
/// </summary>
public class StraightLineChainDifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_203;

    private static readonly string[] Names = ["a", "b", "c"];

    // Values as written in the payload: plain and escaped spellings of the literals, near misses and other kinds.
    private static readonly string[] Leaves =
    [
        "\"Bug\"", "\"Bug\"", "\"Bug\"", "\"B\\u0075g\"", "[\"Bug\"]", "[\"x\", \"Bug\"]", "\"B\\u0075g\"", "\"Bu\"", "\"Bugs\"", "\"a\\\\b\"", "\"a\\u005cb\"", "\"\"", "\"x\"", "\"\\u00e9\"", "\"é\"",
        "null", "3", "true", "[\"Bug\", 1]", "[\"x\", \"B\\u0075g\"]", "[]", "[null, \"a\\\\b\"]", "{}", "\"\\\"Bug\\\"\"",
    ];

    // Literals as written in the expression (the language's own escapes: 'a\\b' is a, backslash, b).
    private static readonly string[] Literals = ["'Bug'", "'x'", "''", @"'a\\b'", "'Bugs'", "'é'", "'Bu'", "'\"Bug\"'"];

    [Fact]
    public void EveryStraightLineShapeAgreesWithTheLoopAndTheWalk()
    {
        var random = new Random(Seed);
        var seen = new Dictionary<(BoundShape Shape, string Connective, bool Matched), int>();
        var compared = 0;
        for (var p = 0; p < 300; p++)
        {
            var payload = Parse(RandomObject(random, 3));
            var sources = Enumerable.Range(0, 40).Select(_ => RandomChain(random)).ToList();
            var filters = sources.Select(source => CompileExpression(source.Source)).ToList();
            var paths = PayloadPaths.Merge(filters, out var slots);
            var extracted = paths.Extract(payload);
            try
            {
                for (var i = 0; i < filters.Count; i++)
                {
                    var (source, tests) = sources[i];
                    var straight = filters[i].Bind(slots[i]!);
                    var loop = filters[i].Bind(slots[i]!, straightLine: false);
                    straight.Shape.ShouldBe((BoundShape)Math.Min(tests, (int)BoundShape.Chain), source);
                    loop.Shape.ShouldBe(BoundShape.Chain, source);

                    var walked = filters[i].Evaluate(payload);
                    var context = $"filter: {source}\njson: {payload.GetRawText()}";
                    straight.Evaluate(extracted).ShouldBe(walked, context);
                    loop.Evaluate(extracted).ShouldBe(walked, context);
                    var key = (straight.Shape, source.Contains("||", StringComparison.Ordinal) ? "||" : "&&", walked.Matched);
                    seen[key] = seen.GetValueOrDefault(key) + 1;
                    compared++;
                }
            }
            finally
            {
                extracted.Return();
            }
        }

        output.WriteLine($"{compared} evaluations compared: " + string.Join(", ", seen.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}")));
        // Every shape, with either connective (one test has none), must both match and not match a fair number of times.
        foreach (var shape in new[] { BoundShape.One, BoundShape.Two, BoundShape.Three, BoundShape.Four, BoundShape.Chain })
        {
            foreach (var connective in shape == BoundShape.One ? ["&&"] : new[] { "&&", "||" })
            {
                foreach (var matched in new[] { true, false })
                {
                    seen.GetValueOrDefault((shape, connective, matched)).ShouldBeGreaterThan(20, $"{shape} {connective} matched={matched}");
                }
            }
        }
    }

    [Fact]
    public void ChainsOfOtherShapesRunTheClosureTree()
    {
        string[] sources = ["event.a == 'x' && event.b == 'y' || event.c == 'z'", "event.a == 1", "event.a.length > 2", "event.a['b'] == 'x'"];
        foreach (var source in sources)
        {
            var filter = CompileExpression(source);
            PayloadPaths.Merge([filter], out var slots);
            filter.Bind(slots[0]!).Shape.ShouldBe(BoundShape.Tree, source);
        }
    }

    /// <summary>A chain of one to six tests joined by one connective, and how many tests it has.</summary>
    private static (string Source, int Tests) RandomChain(Random random)
    {
        var tests = random.Next(4) == 0 ? random.Next(5, 7) : random.Next(1, 5);
        var or = random.Next(2) == 0;
        var clauses = new List<string>();
        for (var i = 0; i < tests; i++)
        {
            var path = RandomPath(random);
            // Half the literals are 'Bug', which the payloads hold most often, so that tests pass often enough.
            var literal = random.Next(2) == 0 ? "'Bug'" : Literals[random.Next(Literals.Length)];
            // && chains lean on != and || chains on == and includes, so that both end both ways at every length.
            var kind = random.Next(10);
            clauses.Add((or ? kind < 2 : kind < 6) switch
            {
                true => $"{path} != {literal}",
                false when kind % 2 == 0 => $"{path} == {literal}",
                _ => random.Next(4) == 0 ? $"{path}?.includes({literal})" : $"{path}.includes({literal})",
            });
        }

        return (string.Join(or ? " || " : " && ", clauses), tests);
    }

    private static string RandomPath(Random random)
    {
        var path = new StringBuilder("event");
        var length = random.Next(1, 3);
        for (var i = 0; i < length; i++)
        {
            path.Append(random.Next(5) == 0 ? "?." : ".").Append(Names[random.Next(Names.Length)]);
        }

        return path.ToString();
    }

    /// <summary>An object over <see cref="Names"/>: members missing now and then, spelled with an escape now and then.</summary>
    private static string RandomObject(Random random, int depth)
    {
        var members = new List<string>();
        foreach (var name in Names)
        {
            if (random.Next(5) == 0)
            {
                continue;
            }

            var spelled = random.Next(8) == 0 ? $"\\u{(int)name[0]:x4}" : name;
            var value = depth > 0 && random.Next(2) == 0 ? RandomObject(random, depth - 1) : Leaves[random.Next(Leaves.Length)];
            members.Add($"\"{spelled}\": {value}");
        }

        return "{" + string.Join(", ", members) + "}";
    }
}
