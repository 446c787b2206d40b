using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DynamicModules.Filters;
using Jint;
using Jint.Native;

namespace DynamicModules.Benchmarks;

/// <summary>
/// One realistic Jira issue-updated payload through the same Bug/urgent/not-Low filter three ways: our compiled
/// expression, a hand-written predicate over the <see cref="JsonElement"/> (the baseline) and Jint 4 running the
/// JavaScript equivalent in strict mode with a prepared script, once with the payload bound before the measurement
/// and once binding it per event, as a real evaluation would have to.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: GlobalCleanup disposes the engine and the document.")]
public class FilterEvaluationBenchmarks
{
    private const string Expression =
        "event.issue.fields.issuetype.name == 'Bug' && event.issue.fields.labels.includes('urgent') && event.issue.fields.priority.name != 'Low'";

    private const string JavaScript =
        "event.issue.fields.issuetype.name === 'Bug' && event.issue.fields.labels.includes('urgent') && event.issue.fields.priority.name !== 'Low'";

    private JsonDocument document = null!;
    private CompiledFilter compiled = null!;
    private Engine engine = null!;
    private Prepared<Acornima.Ast.Script> script;
    private Jint.Native.Json.JsonParser jsonParser = null!;

    [GlobalSetup]
    public void Setup()
    {
        document = JsonDocument.Parse(SamplePayload.IssueUpdated);
        compiled = FilterCompiler.Compile(FilterLanguage.Expression, Expression).Filter
            ?? throw new InvalidOperationException("The benchmark expression must compile.");
        // Jint 4 does not see into a JsonElement, so the engine parses the JSON text; strict mode needs the var.
        engine = new Engine(options => options.Strict().MaxStatements(50_000));
        engine.SetValue("payloadJson", SamplePayload.IssueUpdated);
        engine.Execute("var event = JSON.parse(payloadJson);");
        script = Engine.PrepareScript(JavaScript);
        jsonParser = new Jint.Native.Json.JsonParser(engine);
        if (!CompiledFilter() || !HandWritten() || !Jint() || !JintPerEvent())
        {
            throw new InvalidOperationException("All three filters must match the sample payload.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        document?.Dispose();
        engine?.Dispose();
    }

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

    [Benchmark(Description = "Filter: Jint 4.18.0 (prepared script, payload pre-bound)")]
    public bool Jint() => engine.Evaluate(script).AsBoolean();

    /// <summary>
    /// Jint as it would run per event: each event is a new payload, so it has to become a JavaScript value first
    /// (our filter reads the <see cref="JsonElement"/> the host has already parsed for all subscribers).
    /// </summary>
    [Benchmark(Description = "Filter: Jint 4.18.0 incl. binding the payload")]
    public bool JintPerEvent()
    {
        JsValue payload = jsonParser.Parse(SamplePayload.IssueUpdated);
        engine.SetValue("event", payload);
        return engine.Evaluate(script).AsBoolean();
    }
}
