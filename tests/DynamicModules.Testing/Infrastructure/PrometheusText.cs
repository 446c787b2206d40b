using System.Globalization;
using System.Text;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>One sample of a Prometheus text exposition: a name, its labels, a value and an optional timestamp.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? Timestamp);

/// <summary>
/// A strict parser for the Prometheus text format (version 0.0.4), so that metric assertions check the
/// samples the endpoint really exposes instead of matching substrings. Anything malformed throws
/// <see cref="FormatException"/> with the line number: a broken exposition must fail the test.
/// </summary>
public sealed class PrometheusText
{
    private static readonly HashSet<string> MetricTypes = ["counter", "gauge", "histogram", "summary", "untyped"];

    private readonly Dictionary<string, string> _types = [];
    private readonly Dictionary<string, string> _help = [];
    private readonly List<PrometheusSample> _samples = [];

    private PrometheusText()
    {
    }

    public IReadOnlyList<PrometheusSample> Samples => _samples;

    /// <summary>The declared <c># TYPE</c> of each metric family.</summary>
    public IReadOnlyDictionary<string, string> Types => _types;

    /// <summary>The <c># HELP</c> text of each metric family.</summary>
    public IReadOnlyDictionary<string, string> Help => _help;

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                parsed.ParseLine(line);
            }
            catch (FormatException e)
            {
                throw new FormatException($"Line {index + 1} of the metrics ('{line}'): {e.Message}", e);
            }
        }

        return parsed;
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with exactly these labels.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = _samples.Where(sample => sample.Name == name && HasExactly(sample.Labels, labels)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Value,
            0 => throw new InvalidOperationException($"No sample {Describe(name, labels)}; the exposition has {string.Join(", ", _samples.Select(s => s.Name).Distinct())}."),
            _ => throw new InvalidOperationException($"{matches.Count} samples {Describe(name, labels)}."),
        };
    }

    /// <summary>
    /// The declared type of the family <paramref name="sampleName"/> belongs to: its own <c># TYPE</c>, or, for the series of a
    /// histogram or summary, that of the name without <c>_bucket</c>, <c>_sum</c> or <c>_count</c>; null when none is declared.
    /// </summary>
    public string? FamilyTypeOf(string sampleName)
    {
        if (_types.TryGetValue(sampleName, out var type))
        {
            return type;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && _types.TryGetValue(sampleName[..^suffix.Length], out var family)
                && (family == "histogram" || (family == "summary" && suffix != "_bucket")))
            {
                return family;
            }
        }

        return null;
    }

    /// <summary>All samples named <paramref name="name"/>, whatever their labels.</summary>
    public IReadOnlyList<PrometheusSample> Named(string name) => [.. _samples.Where(sample => sample.Name == name)];

    private static bool HasExactly(IReadOnlyDictionary<string, string> actual, (string Name, string Value)[] expected) =>
        actual.Count == expected.Length && expected.All(label => actual.TryGetValue(label.Name, out var value) && value == label.Value);

    private static string Describe(string name, (string Name, string Value)[] labels) =>
        name + "{" + string.Join(",", labels.Select(label => $"{label.Name}=\"{label.Value}\"")) + "}";

    private void ParseLine(string line)
    {
        if (line.StartsWith('#'))
        {
            ParseComment(line);
            return;
        }

        var reader = new LineReader(line);
        var name = reader.ReadName(allowColon: true);
        var labels = reader.Peek() == '{' ? reader.ReadLabels() : new Dictionary<string, string>();
        reader.ExpectSpace();
        var value = ParseValue(reader.ReadToken());
        long? timestamp = null;
        if (!reader.AtEnd)
        {
            reader.ExpectSpace();
            timestamp = long.TryParse(reader.ReadToken(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                ? ms
                : throw new FormatException("the timestamp is not an integer");
        }

        if (!reader.AtEnd)
        {
            throw new FormatException("unexpected text after the sample");
        }

        _samples.Add(new PrometheusSample(name, labels, value, timestamp));
    }

    private void ParseComment(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
        {
            return; // An ordinary comment.
        }

        var name = parts[2];
        new LineReader(name).ReadWholeName();
        if (parts[1] == "TYPE")
        {
            var type = parts.Length == 4 ? parts[3] : throw new FormatException("TYPE without a type");
            if (!MetricTypes.Contains(type))
            {
                throw new FormatException($"unknown metric type '{type}'");
            }

            if (_samples.Any(sample => sample.Name == name) || !_types.TryAdd(name, type))
            {
                throw new FormatException($"TYPE for '{name}' repeated or after its samples");
            }
        }
        else if (!_help.TryAdd(name, Unescape(parts.Length == 4 ? parts[3] : "", allowQuote: false)))
        {
            throw new FormatException($"HELP for '{name}' repeated");
        }
    }

    private static double ParseValue(string token) => token switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{token}' is not a number"),
    };

    private static string Unescape(string text, bool allowQuote)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
                continue;
            }

            if (++i == text.Length)
            {
                throw new FormatException("a backslash ends the text");
            }

            builder.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when allowQuote => '"',
                _ => throw new FormatException($"unknown escape '\\{text[i]}'"),
            });
        }

        return builder.ToString();
    }

    /// <summary>A cursor over one sample line.</summary>
    private sealed class LineReader(string line)
    {
        private int _position;

        public bool AtEnd => _position == line.Length;

        public char? Peek() => AtEnd ? null : line[_position];

        public void ReadWholeName()
        {
            ReadName(allowColon: true);
            if (!AtEnd)
            {
                throw new FormatException($"'{line}' is not a metric name");
            }
        }

        public string ReadName(bool allowColon)
        {
            var start = _position;
            while (!AtEnd && IsNameChar(line[_position], first: _position == start, allowColon))
            {
                _position++;
            }

            return _position > start ? line[start.._position] : throw new FormatException($"a name was expected at column {start + 1}");
        }

        public Dictionary<string, string> ReadLabels()
        {
            var labels = new Dictionary<string, string>();
            Expect('{');
            while (Peek() != '}')
            {
                var name = ReadName(allowColon: false);
                Expect('=');
                var value = ReadQuoted();
                if (!labels.TryAdd(name, value))
                {
                    throw new FormatException($"label '{name}' repeated");
                }

                if (Peek() == ',')
                {
                    _position++;
                }
                else if (Peek() != '}')
                {
                    throw new FormatException($"',' or '}}' expected at column {_position + 1}");
                }
            }

            _position++;
            return labels;
        }

        public void ExpectSpace()
        {
            Expect(' ');
            while (Peek() == ' ')
            {
                _position++;
            }
        }

        public string ReadToken()
        {
            var start = _position;
            while (!AtEnd && line[_position] != ' ')
            {
                _position++;
            }

            return _position > start ? line[start.._position] : throw new FormatException($"a value was expected at column {start + 1}");
        }

        private string ReadQuoted()
        {
            Expect('"');
            var start = _position;
            while (_position < line.Length && line[_position] != '"')
            {
                _position += line[_position] == '\\' ? 2 : 1;
            }

            if (_position >= line.Length)
            {
                throw new FormatException("a label value is not closed");
            }

            var raw = line[start.._position];
            _position++;
            return Unescape(raw, allowQuote: true);
        }

        private void Expect(char expected)
        {
            if (Peek() != expected)
            {
                throw new FormatException($"'{expected}' expected at column {_position + 1}");
            }

            _position++;
        }

        private static bool IsNameChar(char c, bool first, bool allowColon) =>
            c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (allowColon && c == ':') || (!first && c is >= '0' and <= '9');
    }
}
