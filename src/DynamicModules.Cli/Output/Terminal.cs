using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DynamicModules.Cli.Output;

/// <summary>
/// Where a command's answer goes: with <c>--json</c> exactly one JSON document on stdout and nothing else; otherwise
/// tables and coloured lines for people, plain when stdout is redirected (a pipe or a file gets no escape codes).
/// </summary>
internal sealed class Terminal
{
    // Relaxed escaping: the document goes to a terminal or a script, never into HTML, so '+' and non-ASCII stay readable.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Redirected output has no width to measure; wide enough that ids and URLs stay on one line.
    private const int RedirectedWidth = 240;

    private readonly IAnsiConsole _out;

    public Terminal(bool json, TextWriter stdout, bool redirected)
    {
        Json = json;
        Stdout = stdout;
        var noColour = redirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        _out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = noColour ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = noColour ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(stdout),
        });
        if (redirected)
        {
            _out.Profile.Width = RedirectedWidth;
        }
    }

    /// <summary>True when the command was given <c>--json</c>.</summary>
    public bool Json { get; }

    private TextWriter Stdout { get; }

    /// <summary>Writes <paramref name="document"/> as the command's one JSON answer.</summary>
    public void WriteJson(JsonNode? document) => Stdout.WriteLine(document?.ToJsonString(Indented) ?? "null");

    /// <summary>Writes <paramref name="document"/> on one line: <c>deliveries follow</c> prints one object per line.</summary>
    public void WriteJsonLine(JsonNode? document)
    {
        Stdout.WriteLine(document?.ToJsonString(Compact) ?? "null");
        Stdout.Flush();
    }

    /// <summary>A table with <paramref name="columns"/> and one row per entry of <paramref name="rows"/>; cells are plain text, never markup.</summary>
    public void WriteTable(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, string emptyMessage)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        var count = 0;
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)));
            count++;
        }

        if (count == 0)
        {
            _out.Write(new Text(emptyMessage + Environment.NewLine, new Style(Color.Grey)));
            return;
        }

        _out.Write(table);
    }

    /// <summary>One line of text in <paramref name="colour"/> (ignored when colours are off).</summary>
    public void WriteLine(string text, Color? colour = null)
    {
        _out.Write(new Text(text + Environment.NewLine, colour is { } c ? new Style(c) : Style.Plain));
        Stdout.Flush();
    }

    /// <summary>Labelled values, one per line, for a single object.</summary>
    public void WriteFields(IEnumerable<(string Label, string Value)> fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, value) in fields)
        {
            grid.AddRow(new Text(label, new Style(Color.Grey)), new Text(value));
        }

        _out.Write(grid);
    }

    /// <summary>The colour people read a delivery or installation status in.</summary>
    public static Color StatusColour(string status) => status switch
    {
        "succeeded" or "enabled" => Color.Green,
        "pending" => Color.Yellow,
        "failed" or "dead" or "uninstalled" => Color.Red,
        _ => Color.Default,
    };
}
