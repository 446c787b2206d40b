using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DynamicModules.Filters;
using Jint;
using JintProgram = Jint.Parser.Ast.Program;

namespace DynamicModules.Benchmarks;

/// <summary>
/// One realistic Jira issue-updated payload through the same Bug/urgent/not-Low filter three ways: our compiled
/// expression, a hand-written predicate over the <see cref="JsonElement"/> (the baseline) and Jint 2.10.4 running
/// the ES5 equivalent with a prepared engine and a pre-parsed program.
/// </summary>
[MemoryDiagnoser]
public class FilterEvaluationBenchmarks
{
    private const string Expression =
        "event.issue.fields.issuetype.name == 'Bug' && event.issue.fields.labels.includes('urgent') && event.issue.fields.priority.name != 'Low'";

    private const string Es5 =
        "event.issue.fields.issuetype.name === 'Bug' && event.issue.fields.labels.indexOf('urgent') !== -1 && event.issue.fields.priority.name !== 'Low'";

    private JsonDocument document = null!;
    private CompiledFilter compiled = null!;
    private Engine engine = null!;
    private JintProgram program = null!;
    private Jint.Native.Json.JsonParser jsonParser = null!;

    [GlobalSetup]
    public void Setup()
    {
        document = JsonDocument.Parse(SamplePayload.IssueUpdated);
        compiled = FilterCompiler.Compile(FilterLanguage.Expression, Expression).Filter
            ?? throw new InvalidOperationException("The benchmark expression must compile.");
        engine = new Engine(options => options.MaxStatements(50_000));
        engine.Execute("var event = " + SamplePayload.IssueUpdated + ";");
        program = new Jint.Parser.JavaScriptParser().Parse(Es5);
        jsonParser = new Jint.Native.Json.JsonParser(engine);
        if (!CompiledFilter() || !HandWritten() || !Jint() || !JintPerEvent())
        {
            throw new InvalidOperationException("All three filters must match the sample payload.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => document.Dispose();

    [Benchmark(Baseline = true, Description = "Filter: hand-written C#")]
    public bool HandWritten()
    {
        var fields = document.RootElement.GetProperty("issue").GetProperty("fields");
        if (!fields.GetProperty("issuetype").GetProperty("name").ValueEquals("Bug"))
        {
            return false;
        }

        var urgent = false;
        foreach (var label in fields.GetProperty("labels").EnumerateArray())
        {
            if (label.ValueEquals("urgent"))
            {
                urgent = true;
                break;
            }
        }

        return urgent && !fields.GetProperty("priority").GetProperty("name").ValueEquals("Low");
    }

    [Benchmark(Description = "Filter: compiled expression")]
    public bool CompiledFilter() => compiled.Evaluate(document.RootElement).Matched;

    [Benchmark(Description = "Filter: Jint 2.10.4 (ES5, pre-parsed)")]
    public bool Jint() => engine.Execute(program).GetCompletionValue().AsBoolean();

    /// <summary>
    /// Jint as it would run per event: each event is a new payload, so it has to become a JavaScript value first
    /// (our filter reads the <see cref="JsonElement"/> the host has already parsed for all subscribers).
    /// </summary>
    [Benchmark(Description = "Filter: Jint 2.10.4 incl. binding the payload")]
    public bool JintPerEvent()
    {
        engine.SetValue("event", jsonParser.Parse(SamplePayload.IssueUpdated));
        return engine.Execute(program).GetCompletionValue().AsBoolean();
    }
}
