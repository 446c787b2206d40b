using System.Globalization;

namespace DynamicModules.Server.Tests.Events;

/// <summary>Reads the samples of a Prometheus text exposition (unlabelled series only, which is all /metrics has).</summary>
internal static class PrometheusText
{
    /// <summary>Sample values by metric name; a malformed sample line fails the test.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            parts.Length.ShouldBe(2, $"not a 'name value' sample: {line}");
            samples.Add(parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        return samples;
    }
}
