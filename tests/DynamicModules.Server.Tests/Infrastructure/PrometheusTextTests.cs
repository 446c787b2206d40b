using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.InfrastructureTests;

/// <summary>The test library's Prometheus parser (the service's /metrics read through it: Telemetry/MetricsTests).</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void ReadsHelpTypeLabelsValuesAndTimestamps()
    {
        var parsed = PrometheusText.Parse(
            "# HELP http_requests_total Requests \\\\ served.\\nSecond line.\n" +
            "# TYPE http_requests_total counter\n" +
            "http_requests_total{method=\"post\",path=\"/a \\\"b\\\"\\\\c\\nd\"} 1027 1395066363000\n" +
            "http_requests_total{method=\"get\"} 3\n" +
            "# A plain comment\n" +
            "\n" +
            "queue_depth -1.5e3\n" +
            "up NaN\n" +
            "limit +Inf\n");

        parsed.Types["http_requests_total"].ShouldBe("counter");
        parsed.Help["http_requests_total"].ShouldBe("Requests \\ served.\nSecond line.");
        parsed.Value("http_requests_total", ("method", "post"), ("path", "/a \"b\"\\c\nd")).ShouldBe(1027);
        parsed.Samples[0].Timestamp.ShouldBe(1395066363000);
        parsed.Value("http_requests_total", ("method", "get")).ShouldBe(3);
        parsed.Value("queue_depth").ShouldBe(-1500);
        double.IsNaN(parsed.Value("up")).ShouldBeTrue();
        parsed.Value("limit").ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public void ValueNeedsTheExactLabelSet()
    {
        var parsed = PrometheusText.Parse("a{x=\"1\",y=\"2\"} 5\n");

        Should.Throw<InvalidOperationException>(() => parsed.Value("a", ("x", "1")));
        Should.Throw<InvalidOperationException>(() => parsed.Value("b"));
        parsed.Value("a", ("y", "2"), ("x", "1")).ShouldBe(5);
    }

    [Fact]
    public void HistogramAndSummarySeriesBelongToTheirFamily()
    {
        var parsed = PrometheusText.Parse(
            "# TYPE latency histogram\n" +
            "latency_bucket{le=\"+Inf\"} 2\nlatency_sum 0.5\nlatency_count 2\n" +
            "# TYPE quantiles summary\n" +
            "quantiles{quantile=\"0.5\"} 1\nquantiles_sum 3\nquantiles_count 4\n" +
            "# TYPE hits_total counter\nhits_total 1\n" +
            "stray_count 1\n");

        parsed.FamilyTypeOf("latency_bucket").ShouldBe("histogram");
        parsed.FamilyTypeOf("latency_count").ShouldBe("histogram");
        parsed.FamilyTypeOf("quantiles_sum").ShouldBe("summary");
        parsed.FamilyTypeOf("quantiles_bucket").ShouldBeNull();
        parsed.FamilyTypeOf("hits_total").ShouldBe("counter");
        parsed.FamilyTypeOf("stray_count").ShouldBeNull();
    }

    [Theory]
    [InlineData("a 1 2 3")]
    [InlineData("a one")]
    [InlineData("a")]
    [InlineData("1a 1")]
    [InlineData("a{x=\"1\" 1")]
    [InlineData("a{x=1} 1")]
    [InlineData("a{x=\"1\",x=\"2\"} 1")]
    [InlineData("a{x=\"\\t\"} 1")]
    [InlineData("a{x=\"1\\")]
    [InlineData("a{x:y=\"1\"} 1")]
    [InlineData("a 1 1.5")]
    [InlineData("# TYPE a countre")]
    [InlineData("# TYPE a counter\n# TYPE a gauge")]
    [InlineData("a 1\n# TYPE a counter")]
    [InlineData("# HELP a x\n# HELP a y")]
    [InlineData("# TYPE a-b counter")]
    public void RejectsMalformedExpositions(string text)
    {
        Should.Throw<FormatException>(() => PrometheusText.Parse(text));
    }
}
