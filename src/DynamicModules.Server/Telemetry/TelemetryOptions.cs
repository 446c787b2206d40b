using System.ComponentModel.DataAnnotations;

namespace DynamicModules.Server.Telemetry;

/// <summary>Settings of the metrics endpoint, bound from <c>DynamicModules:Telemetry</c> and validated at start-up.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "DynamicModules:Telemetry";

    /// <summary>
    /// How long one collection answers every scrape (the exporter's response cache): <c>/metrics</c> is public, and a flood of
    /// scrapes then costs one collection per period. Zero collects for every scrape.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "DynamicModules:Telemetry:ScrapeCache must be from 00:00:00 to 00:01:00.")]
    public TimeSpan ScrapeCache { get; set; } = TimeSpan.FromMilliseconds(300);
}
