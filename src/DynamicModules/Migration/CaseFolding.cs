using System.Text;

namespace DynamicModules.Migration;

/// <summary>
/// How a JQL value is compared case-insensitively inside a filter expression. Our JQL compares with
/// <see cref="StringComparison.OrdinalIgnoreCase"/>; the expression language only has <c>toUpperCase()</c> and
/// <c>toLowerCase()</c> (invariant simple case mappings). The two agree on almost every character, not all: the
/// upper-case mapping sends 'ſ' (U+017F) to 'S' although the ordinal comparison keeps them apart, and the lower-case
/// mapping sends the Kelvin sign to 'k', the Ohm sign to 'ω', and so on. This class decides, per value and from the
/// running runtime's own tables (never a hard-coded list), which mapping gives exactly the ordinal comparison.
/// </summary>
internal static class CaseFolding
{
    /// <summary>The one character the upper-case mapping folds where the ordinal comparison does not.</summary>
    public const char LongS = '\u017F';

    private static readonly Lazy<Tables> Lookup = new(Tables.Build);

    /// <summary>The case space a clause compares in.</summary>
    public enum Space
    {
        Upper,
        Lower,
    }

    /// <summary>
    /// The space in which comparing <c>v.toXxxCase() == fold(value)</c> is exactly the ordinal case-insensitive
    /// equality, for every value of <paramref name="values"/> at once, and whether the payload string must also be
    /// free of 'ſ' (<paramref name="needsLongSGuard"/>); null with <paramref name="reason"/> when none is exact.
    /// </summary>
    public static Space? ForEquality(IEnumerable<string> values, out bool needsLongSGuard, out string? reason)
    {
        var list = values.ToList();
        needsLongSGuard = false;
        if (Unsupported(list, out reason))
        {
            return null;
        }

        var tables = Lookup.Value;
        if (list.All(v => v.All(tables.UpperExact)))
        {
            return Space.Upper;
        }

        if (list.All(v => v.All(c => tables.UpperExact(c) || tables.UpperExactWithoutLongS(c))))
        {
            // A payload 'ſ' upper-cases to 'S': it can only equal a value with 's' there, which the ordinal
            // comparison refuses, so excluding payload strings with 'ſ' keeps the comparison exact.
            needsLongSGuard = true;
            return Space.Upper;
        }

        if (list.All(v => v.All(tables.LowerExact)))
        {
            return Space.Lower;
        }

        reason = $"the value {Quote(list.First(v => !v.All(tables.LowerExact)))} mixes characters whose case-insensitive comparison no expression method reproduces exactly";
        return null;
    }

    /// <summary>
    /// The space in which <c>v.toXxxCase().includes(fold(value))</c> is exactly the ordinal case-insensitive
    /// containment; null with <paramref name="reason"/> when neither is (no guard can fix a substring search).
    /// </summary>
    public static Space? ForContains(string value, out string? reason)
    {
        if (Unsupported([value], out reason))
        {
            return null;
        }

        var tables = Lookup.Value;
        if (value.All(tables.UpperExact))
        {
            return Space.Upper;
        }

        if (value.All(tables.LowerExact))
        {
            return Space.Lower;
        }

        reason = $"'~' with the value {Quote(value)} cannot be translated exactly: it contains both a character that toUpperCase() folds " +
            "differently from our JQL (such as 's', which 'ſ' upper-cases to) and one that toLowerCase() does (such as 'k', which the Kelvin sign lower-cases to)";
        return null;
    }

    /// <summary>
    /// True when no other string equals <paramref name="value"/> case-insensitively (digits, punctuation, caseless
    /// scripts): then plain <c>==</c> is the ordinal case-insensitive equality and no case method is needed.
    /// </summary>
    public static bool IsCaseless(string value) => !Unsupported([value], out _) && value.All(Lookup.Value.Caseless);

    /// <summary>The value as the expression side compares it.</summary>
    public static string Fold(string value, Space space) => space == Space.Upper ? value.ToUpperInvariant() : value.ToLowerInvariant();

    private static bool Unsupported(List<string> values, out string? reason)
    {
        foreach (var value in values)
        {
            for (var i = 0; i < value.Length; i++)
            {
                if (char.IsSurrogate(value[i]))
                {
                    if (!Rune.TryGetRuneAt(value, i, out var rune))
                    {
                        reason = $"the value {Quote(value)} contains an unpaired surrogate";
                        return true;
                    }

                    if (Rune.ToUpperInvariant(rune) != rune || Rune.ToLowerInvariant(rune) != rune)
                    {
                        reason = $"the value {Quote(value)} contains a cased character outside the Basic Multilingual Plane ({rune}), " +
                            "whose case-insensitive comparison is not checked for exactness here";
                        return true;
                    }

                    i++;
                }
            }
        }

        reason = null;
        return false;
    }

    private static string Quote(string value) => "\"" + value + "\"";

    /// <summary>Per BMP character: whether each mapping's equivalence class is exactly the ordinal one.</summary>
    private sealed class Tables
    {
        private readonly bool[] upperExact = new bool[char.MaxValue + 1];
        private readonly bool[] upperExactWithoutLongS = new bool[char.MaxValue + 1];
        private readonly bool[] lowerExact = new bool[char.MaxValue + 1];
        private readonly bool[] caseless = new bool[char.MaxValue + 1];

        public bool UpperExact(char c) => char.IsSurrogate(c) || upperExact[c];

        public bool UpperExactWithoutLongS(char c) => !char.IsSurrogate(c) && upperExactWithoutLongS[c];

        public bool LowerExact(char c) => char.IsSurrogate(c) || lowerExact[c];

        // Surrogates only reach this in pairs that Unsupported found caseless.
        public bool Caseless(char c) => char.IsSurrogate(c) || caseless[c];

        public static Tables Build()
        {
            var byUpper = new Dictionary<char, List<char>>();
            var byLower = new Dictionary<char, List<char>>();
            for (var i = 0; i <= char.MaxValue; i++)
            {
                var c = (char)i;
                if (char.IsSurrogate(c))
                {
                    continue;
                }

                Add(byUpper, Upper(c), c);
                Add(byLower, Lower(c), c);
            }

            var tables = new Tables();
            for (var i = 0; i <= char.MaxValue; i++)
            {
                var c = (char)i;
                if (char.IsSurrogate(c))
                {
                    continue;
                }

                var upperClass = byUpper[Upper(c)];
                var lowerClass = byLower[Lower(c)];
                // Every character the ordinal comparison equates with c is cased, so it is in one of the two classes.
                var ordinalClass = upperClass.Union(lowerClass).Where(x => string.Equals(x.ToString(), c.ToString(), StringComparison.OrdinalIgnoreCase)).ToHashSet();
                tables.upperExact[c] = ordinalClass.SetEquals(upperClass);
                tables.upperExactWithoutLongS[c] = c != LongS && ordinalClass.SetEquals(upperClass.Where(x => x != LongS));
                tables.lowerExact[c] = ordinalClass.SetEquals(lowerClass);
                tables.caseless[c] = ordinalClass.Count == 1 && upperClass.Count == 1 && lowerClass.Count == 1;
            }

            return tables;
        }

        private static char Upper(char c) => c.ToString().ToUpperInvariant()[0];

        private static char Lower(char c) => c.ToString().ToLowerInvariant()[0];

        private static void Add(Dictionary<char, List<char>> classes, char key, char c)
        {
            if (!classes.TryGetValue(key, out var list))
            {
                classes[key] = list = [];
            }

            list.Add(c);
        }
    }
}
