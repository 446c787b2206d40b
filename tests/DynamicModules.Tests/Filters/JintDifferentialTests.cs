using DynamicModules.Filters;
using Jint;
using Jint.Runtime;
using static DynamicModules.Tests.Filters.SamplePayloads;

namespace DynamicModules.Tests.Filters;

/// <summary>
/// Checks our evaluator against Jint 4 (ES2020, strict mode) on thousands of random type-consistent expressions and
/// payloads: where both languages define the same meaning, both must give the same Boolean, or both must fail.
/// </summary>
public class JintDifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20_260_604;
    private const int Payloads = 200;
    private const int ExpressionsPerPayload = 40;

    [Fact]
    public void ExpressionsAgreeWithJintOnRandomPayloads()
    {
        var generator = new RandomExpressionGenerator(new Random(Seed));
        var mismatches = new List<string>();
        var errors = 0;
        var matched = 0;
        for (var p = 0; p < Payloads; p++)
        {
            var json = generator.NextPayload();
            var payload = Parse(json);
            var engine = BindPayload(json);
            for (var e = 0; e < ExpressionsPerPayload; e++)
            {
                var (ours, js) = generator.NextExpression();
                var compilation = FilterCompiler.Compile(FilterLanguage.Expression, ours);
                if (!compilation.Succeeded)
                {
                    mismatches.Add($"did not compile: {ours}: {compilation.Errors[0]}");
                    continue;
                }

                var outcome = compilation.Filter.Evaluate(payload);
                var expected = EvaluateWithJint(engine, js);
                var actual = outcome.Error is null ? outcome.Matched.ToString() : "error";
                errors += actual == "error" ? 1 : 0;
                matched += outcome.Matched ? 1 : 0;
                if (actual != expected)
                {
                    mismatches.Add($"ours={actual} ({outcome.Error}) jint={expected}\n  ours: {ours}\n  js:   {js}\n  json: {json}");
                }
            }
        }

        output.WriteLine($"{Payloads * ExpressionsPerPayload} expressions: {matched} true, {errors} errors, {mismatches.Count} mismatches.");
        mismatches.ShouldBeEmpty(string.Join("\n", mismatches.Take(5)));
        matched.ShouldBeGreaterThan(Payloads * ExpressionsPerPayload / 5, "the generator should produce a fair share of true results");
        errors.ShouldBeGreaterThan(0, "the generator should also produce expressions that fail at run time");
    }

    [Theory]
    [InlineData("[0 / 0].includes(0 / 0)")]
    [InlineData("event.ns.map(x => x % 0).includes(0 % 0)")]
    [InlineData("!([0 / 0].indexOf(0 / 0) >= 0)")]
    [InlineData("event.ss?.[0]?.startsWith('a') && event.nothing?.deeper?.more != 1")]
    public void EdgeCasesAgreeWithJint(string source)
    {
        const string Json = """{"ns": [1, 2], "ss": ["ab", "c"]}""";
        var js = source.Replace("!=", "!==", StringComparison.Ordinal);
        var outcome = FilterCompiler.Compile(FilterLanguage.Expression, source).Filter!.Evaluate(Parse(Json));
        outcome.Error.ShouldBeNull();
        outcome.Matched.ToString().ShouldBe(EvaluateWithJint(BindPayload(Json), js));
        outcome.Matched.ShouldBeTrue();
    }

    /// <summary>
    /// A strict-mode engine with <c>event</c> bound to the payload. Jint 4 does not see into a
    /// <see cref="System.Text.Json.JsonElement"/>, so the engine parses the JSON text itself; strict mode refuses
    /// assigning an undeclared name, hence the <c>var</c>.
    /// </summary>
    private static Engine BindPayload(string json)
    {
        var engine = new Engine(options => options.Strict().MaxStatements(100_000));
        engine.SetValue("payloadJson", json);
        engine.Execute("var event = JSON.parse(payloadJson);");
        return engine;
    }

    private static string EvaluateWithJint(Engine engine, string js)
    {
        try
        {
            var value = engine.Evaluate(js);
            return value.IsBoolean() ? value.AsBoolean().ToString() : "non-boolean";
        }
        catch (JavaScriptException)
        {
            return "error";
        }
    }
}
