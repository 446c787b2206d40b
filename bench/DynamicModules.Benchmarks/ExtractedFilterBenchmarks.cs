using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DynamicModules.Filters;
using Jint;

namespace DynamicModules.Benchmarks;

/// <summary>
/// Issue 15, goal 1, one filter: the Bug/urgent/not-Low expression over values already extracted from the sample payload
/// (what each subscriber's filter costs once the event is read), against a hand-written C# predicate over the same
/// extracted values (the baseline) and against Jint 4 running the JavaScript equivalent with a prepared script and the
/// payload already bound. For context, the same compiled filter walking the payload itself.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: GlobalCleanup disposes the engine and the document.")]
public class ExtractedFilterBenchmarks
{
    private const string Expression =
        "event.issue.fields.issuetype.name == 'Bug' && event.issue.fields.labels.includes('urgent') && event.issue.fields.priority.name != 'Low'";

    private const string JavaScript =
        "event.issue.fields.issuetype.name === 'Bug' && event.issue.fields.labels.includes('urgent') && event.issue.fields.priority.name !== 'Low'";

    // The literals as a filter holds them: arrays whose contents and lengths the JIT does not know.
    private readonly byte[] bugLiteral = "Bug"u8.ToArray();
    private readonly byte[] urgentLiteral = "urgent"u8.ToArray();
    private readonly byte[] lowLiteral = "Low"u8.ToArray();

    private JsonDocument document = null!;
    private CompiledFilter compiled = null!;
    private ExtractedPayload extracted = null!;
    private int[] slots = null!;
    private BoundFilter bound = null!;
    private int issueTypeName;
    private int labels;
    private int priorityName;
    private Engine engine = null!;
    private Prepared<Acornima.Ast.Script> script;

    [GlobalSetup]
    public void Setup()
    {
        document = JsonDocument.Parse(SamplePayload.IssueUpdated);
        compiled = FilterCompiler.Compile(FilterLanguage.Expression, Expression).Filter
            ?? throw new InvalidOperationException("The benchmark expression must compile.");
        var paths = PayloadPaths.Merge([compiled], out var merged);
        slots = merged[0]!;
        // Bound once, as a filter group binds its filters when it is built.
        bound = compiled.Bind(slots);
        // Extracted once: what every benchmark below reads is the same event's values. Never returned, on purpose.
        extracted = paths.Extract(document.RootElement);
        issueTypeName = Slot("issue", "fields", "issuetype", "name");
        labels = Slot("issue", "fields", "labels");
        priorityName = Slot("issue", "fields", "priority", "name");
        engine = new Engine(options => options.Strict().MaxStatements(50_000));
        engine.SetValue("payloadJson", SamplePayload.IssueUpdated);
        engine.Execute("var event = JSON.parse(payloadJson);");
        script = Engine.PrepareScript(JavaScript);
        if (!HandWritten() || !HandWrittenLiteralsInFields() || !CompiledOverExtracted() || !CompiledOverPayload() || !Jint())
        {
            throw new InvalidOperationException("Every variant must match the sample payload.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        document?.Dispose();
        engine?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Extracted: hand-written C#")]
    public bool HandWritten()
    {
        // The same checks the filter makes: kinds first (a payload may hold anything), then the values as UTF-8.
        var type = extracted[issueTypeName].Element;
        if (type.ValueKind != JsonValueKind.String || !type.ValueEquals("Bug"u8))
        {
            return false;
        }

        var list = extracted[labels].Element;
        if (list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var urgent = false;
        foreach (var label in list.EnumerateArray())
        {
            if (label.ValueKind == JsonValueKind.String && label.ValueEquals("urgent"u8))
            {
                urgent = true;
                break;
            }
        }

        var priority = extracted[priorityName].Element;
        return urgent && !(priority.ValueKind == JsonValueKind.String && priority.ValueEquals("Low"u8));
    }

    /// <summary>
    /// The baseline with its literals in fields instead of <c>u8</c> constants, which the JIT compares inline: shows how
    /// much of the difference to the compiled filter is only that (docs/benchmarks.md, "Matching (round 2)").
    /// </summary>
    [Benchmark(Description = "Extracted: hand-written C#, literals in fields")]
    public bool HandWrittenLiteralsInFields()
    {
        var type = extracted[issueTypeName].Element;
        if (type.ValueKind != JsonValueKind.String || !type.ValueEquals(bugLiteral))
        {
            return false;
        }

        var list = extracted[labels].Element;
        if (list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var urgent = false;
        foreach (var label in list.EnumerateArray())
        {
            if (label.ValueKind == JsonValueKind.String && label.ValueEquals(urgentLiteral))
            {
                urgent = true;
                break;
            }
        }

        var priority = extracted[priorityName].Element;
        return urgent && !(priority.ValueKind == JsonValueKind.String && priority.ValueEquals(lowLiteral));
    }

    [Benchmark(Description = "Extracted: compiled expression")]
    public bool CompiledOverExtracted() => bound.Evaluate(extracted).Matched;

    [Benchmark(Description = "Payload: compiled expression walking it")]
    public bool CompiledOverPayload() => compiled.Evaluate(document.RootElement).Matched;

    [Benchmark(Description = "Jint 4.18.0 (prepared script, payload pre-bound)")]
    public bool Jint() => engine.Evaluate(script).AsBoolean();

    private int Slot(params string[] names) => slots[names.Aggregate(FilterPaths.Root, compiled.Paths.Child)];
}
