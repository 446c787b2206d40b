using System.Text.Json.Nodes;
using DynamicModules.Cli.Output;
using DynamicModules.Cli.Service;

namespace DynamicModules.Cli.Deliveries;

/// <summary>
/// <c>deliveries follow</c>: polls the delivery log and reports each delivery once it has settled (succeeded, failed or
/// dead), again if a later cycle settles it differently, until cancelled. Deliveries settled before the start are
/// reported first, as <c>tail -f</c> shows what is already there.
/// </summary>
internal sealed class DeliveryFollower(OperatorApi api, string tenant, TimeSpan interval)
{
    private const string Pending = "pending";

    // Every delivery up to the cursor has settled and been reported, so each poll reads only the log after it. A
    // delivery redelivered below the cursor is not seen again; `deliveries list` shows it.
    private long _cursor;

    // Deliveries after the cursor already reported, with the status and attempt count they were reported with.
    private readonly Dictionary<long, (string Status, string Attempts)> _reported = [];

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled, handing each settled delivery to <paramref name="report"/>.</summary>
    public async Task RunAsync(Action<JsonNode> report, CancellationToken cancellationToken)
    {
        while (true)
        {
            await PollAsync(report, cancellationToken);
            await Task.Delay(interval, cancellationToken);
        }
    }

    private async Task PollAsync(Action<JsonNode> report, CancellationToken cancellationToken)
    {
        var contiguous = true;
        await foreach (var delivery in DeliveryLog.ReadAsync(api, tenant, null, _cursor, cancellationToken))
        {
            if (delivery["id"] is not JsonValue idValue || !idValue.TryGetValue<long>(out var id))
            {
                continue;
            }

            var status = delivery.Text("status");
            if (status == Pending)
            {
                contiguous = false;
                continue;
            }

            var seen = (status, delivery.Text("attemptCount"));
            if (!_reported.TryGetValue(id, out var before) || before != seen)
            {
                report(delivery);
                _reported[id] = seen;
            }

            if (contiguous)
            {
                _cursor = id;
                _reported.Remove(id);
            }
        }
    }
}
