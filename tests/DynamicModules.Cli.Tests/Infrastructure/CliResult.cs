using System.Text.Json.Nodes;

namespace DynamicModules.Cli.Tests.Infrastructure;

/// <summary>What one run of <c>dynmod</c> left: its exit code and both streams.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout parsed as the one JSON document <c>--json</c> promises; fails the test when it is anything else.</summary>
    public JsonNode Json()
    {
        ExitCode.ShouldBe(0, $"stderr: {Stderr}");
        return JsonDocumentOf(Stdout);
    }

    /// <summary>Parses <paramref name="text"/> as exactly one JSON document (trailing text fails).</summary>
    public static JsonNode JsonDocumentOf(string text)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new ShouldAssertException("stdout is JSON null");
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new ShouldAssertException($"stdout is not one JSON document ({error.Message}):\n{text}");
        }
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
