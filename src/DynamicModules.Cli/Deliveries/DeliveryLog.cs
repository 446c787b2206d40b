using System.Text.Json.Nodes;
using DynamicModules.Cli.Output;
using DynamicModules.Cli.Service;
using static DynamicModules.Cli.CommandActions;

namespace DynamicModules.Cli.Deliveries;

/// <summary>Reads a tenant's delivery log page by page (the service answers at most 500 a page).</summary>
internal static class DeliveryLog
{
    public const int PageSize = 500;

    /// <summary>Every delivery after <paramref name="after"/>, oldest first, optionally of one <paramref name="status"/>.</summary>
    public static async IAsyncEnumerable<JsonNode> ReadAsync(
        OperatorApi api, string tenant, string? status, long after,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (long? cursor = after; cursor is { } from;)
        {
            var query = Query(("status", status), ("after", from.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var page = await api.GetAsync($"api/v1/tenants/{Segment(tenant)}/deliveries{query}", cancellationToken);
            foreach (var delivery in page.Items("deliveries"))
            {
                if (delivery is not null)
                {
                    yield return delivery.DeepClone();
                }
            }

            cursor = page?["nextAfter"] is JsonValue next && next.TryGetValue<long>(out var id) ? id : null;
        }
    }

    /// <summary>The table row people read for a delivery.</summary>
    public static IReadOnlyList<string> Row(JsonNode delivery) =>
    [
        delivery.Text("id"), delivery.Text("status"), delivery.Text("eventType"), delivery.Text("eventId"), delivery.Text("appKey"),
        delivery.Text("moduleKey"), delivery.Text("attemptCount"), delivery.Text("lastStatusCode"), delivery.Time("updatedAt"),
    ];

    /// <summary>The columns of <see cref="Row"/>.</summary>
    public static readonly IReadOnlyList<string> Columns = ["id", "status", "event type", "event id", "app", "module", "attempts", "last HTTP", "updated"];

    /// <summary>One line for <c>deliveries follow</c>.</summary>
    public static string Line(JsonNode delivery)
    {
        var answer = delivery.Text("lastStatusCode") is { Length: > 0 } code ? $"HTTP {code}" : delivery.Text("lastError");
        return $"#{delivery.Text("id")} {delivery.Text("status")} {delivery.Text("eventType")} {delivery.Text("eventId")} -> {delivery.Text("appKey")}/{delivery.Text("moduleKey")}"
            + $" after {delivery.Text("attemptCount")} attempt(s): {answer}";
    }
}
