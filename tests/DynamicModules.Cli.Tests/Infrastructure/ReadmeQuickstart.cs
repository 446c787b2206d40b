using System.Text;

namespace DynamicModules.Cli.Tests.Infrastructure;

/// <summary>The commands of the README's quickstart: the bash block between the quickstart markers, comments dropped, continued lines joined.</summary>
public static class ReadmeQuickstart
{
    public const string Begin = "<!-- quickstart:begin -->";
    public const string End = "<!-- quickstart:end -->";

    /// <summary>Reads the commands from <paramref name="readme"/>, in order, exactly as a user would type them.</summary>
    public static IReadOnlyList<string> Commands(string readme)
    {
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException($"README.md has no {Begin} … {End} section.");
        }

        var lines = readme[(begin + Begin.Length)..end].Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var commands = new List<string>();
        var current = new StringBuilder();
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith('#') || trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed.EndsWith('\\'))
            {
                current.Append(trimmed[..^1]).Append(' ');
                continue;
            }

            commands.Add(current.Append(trimmed).ToString());
            current.Clear();
        }

        return commands;
    }
}
