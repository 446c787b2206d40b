using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamicModules.Apps.Forge;

/// <summary>How YAML 1.2's core schema resolves a plain (unquoted, untagged) scalar that is not a string.</summary>
internal static partial class CoreSchema
{
    /// <summary>True when the plain scalar resolves to null, a boolean or a number rather than a string.</summary>
    public static bool IsNonString(string plain) =>
        plain is "" or "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
        || InfinityOrNaN().IsMatch(plain) || Number(plain) is not null;

    /// <summary>The value of a plain scalar written as a core-schema integer (decimal, 0o octal, 0x hex) or float; else null.</summary>
    public static double? Number(string plain)
    {
        if (plain.Length > 64)
        {
            // No number a manifest needs is this long; treating it as text keeps parsing linear.
            return null;
        }

        if (plain.StartsWith("0x", StringComparison.Ordinal) && plain.Length > 2 && HexDigits().IsMatch(plain[2..]))
        {
            return ulong.TryParse(plain[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : double.PositiveInfinity;
        }

        if (plain.StartsWith("0o", StringComparison.Ordinal) && plain.Length > 2 && OctalDigits().IsMatch(plain[2..]))
        {
            return plain[2..].Aggregate(0d, (value, digit) => (value * 8) + (digit - '0'));
        }

        return Float().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF)\z|^\.(nan|NaN|NAN)\z", RegexOptions.CultureInvariant)]
    private static partial Regex InfinityOrNaN();

    [GeneratedRegex(@"^[0-9a-fA-F]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex HexDigits();

    [GeneratedRegex(@"^[0-7]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex OctalDigits();

    // Integers are floats without a fraction here: JSON has one number type.
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
