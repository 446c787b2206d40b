using System.Text;
using System.Text.Json;
using DynamicModules.Filters;

namespace DynamicModules.Tests.Filters;

/// <summary>
/// The deepest nesting a filter may have must compile and evaluate well inside a thread's stack: a stack overflow
/// cannot be caught and would take the whole node down. Each shape runs at the limit on a thread with a quarter of
/// the 1.5 MB that .NET gives thread-pool threads on Linux, so the real limit has a fourfold margin.
/// </summary>
public class DeepNestingStackTests
{
    private const int StackBytes = 384 * 1024;

    private static readonly JsonElement Payload = JsonDocument.Parse(
        """{"a":[{"b":[1]}],"b":true,"n":1,"s":"x","issue":{"key":"K-1"}}""").RootElement;

    public static TheoryData<string> Shapes() => new()
    {
        "mixed operators in indexes",
        "mixed operators in parentheses",
        "nested callbacks",
        "nested ternaries",
        "nested calls",
        "nested negation",
        "jql nested not",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheDeepestAcceptedNestingCompilesAndEvaluatesOnASmallStack(string shape)
    {
        Exception? failure = null;
        FilterCompilation? compilation = null;
        var thread = new Thread(() =>
        {
            try
            {
                compilation = DeepestAccepted(shape);
                if (compilation.Filter is { } filter)
                {
                    filter.Evaluate(Payload);
                }
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        }, StackBytes);
        thread.Start();
        thread.Join();

        failure.ShouldBeNull();
        compilation.ShouldNotBeNull();
    }

    // The limit counts tree levels, and one level of a shape may be several (an index holding six operators of rising
    // precedence is seven), so the deepest accepted filter of each shape is found by trying shallower ones.
    private static FilterCompilation DeepestAccepted(string shape)
    {
        for (var depth = FilterLimits.MaxNesting; depth > 1; depth--)
        {
            var (language, source) = Build(shape, depth);
            var compilation = FilterCompiler.Compile(language, source);
            if (!compilation.Errors.Any(error => error.Message.Contains("nested too deeply", StringComparison.Ordinal)))
            {
                return compilation;
            }
        }

        throw new InvalidOperationException($"No depth of '{shape}' is accepted.");
    }

    private static (FilterLanguage, string) Build(string shape, int depth) => shape switch
    {
        "mixed operators in indexes" => (FilterLanguage.Expression, Nest("event[event.b||event.b&&event.n==1<event.n+1*", "1", "]", depth - 1) + " == 1"),
        "mixed operators in parentheses" => (FilterLanguage.Expression, Nest("(event.n + 1 * -(", "1", ") < 3 || event.b && !event.b)", depth / 2 - 1) + " == true"),
        "nested callbacks" => (FilterLanguage.Expression, Nest("event.a.some(x => x.b.some(y => ", "true", "))", depth / 2 - 1)),
        "nested ternaries" => (FilterLanguage.Expression, Nest("event.b ? (", "true", ") : false", depth / 2 - 1)),
        "nested calls" => (FilterLanguage.Expression, Nest("event.s.includes(", "'x'", ")", depth - 1)),
        "nested negation" => (FilterLanguage.Expression, new string('!', depth - 1) + "event.b"),
        "jql nested not" => (FilterLanguage.Jql, Nest("NOT (", "issuekey = K-1", ")", depth / 2 - 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private static string Nest(string open, string core, string close, int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append(core);
        for (var i = 0; i < depth; i++)
        {
            text.Append(close);
        }

        return text.ToString();
    }
}
