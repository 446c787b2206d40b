using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamicModules.Cli.Deliveries;

/// <summary>The <c>--since</c> value of <c>deliveries replay</c>: <c>&lt;n&gt;s|m|h|d</c>, e.g. <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>7d</c>.</summary>
internal static partial class SinceDuration
{
    /// <summary>The longest window: the service keeps times up to year 9999, but a replay over more than ten years is a typo.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    /// <summary>The option's parser: a malformed value is a parse error, so the command exits 2 before calling the service.</summary>
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"--since must be <n>s, <n>m, <n>h or <n>d (n from 1), at most {Max.TotalDays:0}d, e.g. 1h; not '{text}'.");
        return default;
    }

    /// <summary>Reads <paramref name="text"/>; false for anything but a positive count and one unit letter.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = Pattern().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
        {
            return false;
        }

        var unit = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            _ => TimeSpan.FromDays(1),
        };
        if (count > Max.Ticks / unit.Ticks)
        {
            return false;
        }

        duration = unit * count;
        return true;
    }

    [GeneratedRegex("^([0-9]{1,12})([smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
