using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Delivery;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Deliveries;

/// <summary>Body of <c>POST /api/v1/tenants/{tenant}/deliveries/replay</c>: the time window and status of the deliveries to queue again.</summary>
/// <param name="From">Start of the window (inclusive): an ISO 8601 time or Unix milliseconds.</param>
/// <param name="To">End of the window (exclusive), after <paramref name="From"/>: an ISO 8601 time or Unix milliseconds.</param>
/// <remarks>
/// The times are JSON values rather than strings because both forms are accepted; <see cref="Validate"/> reads them, so a
/// wrong <c>from</c> and a wrong <c>to</c> are reported together.
/// </remarks>
public sealed record ReplayRequest(
    [property: Description("Start of the window (inclusive): an ISO 8601 time (e.g. 2026-12-02T10:00:00Z) or Unix milliseconds.")] JsonNode? From,
    [property: Description("End of the window (exclusive), after from: an ISO 8601 time or Unix milliseconds.")] JsonNode? To)
    : IJsonRequest<ReplayRequest>
{
    /// <summary>Largest Unix-milliseconds time accepted (9999-12-31T23:59:59.999Z).</summary>
    public const long MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>The statuses that can be replayed; a pending delivery is still in its cycle.</summary>
    public static readonly IReadOnlyList<string> ReplayableStatuses = [DeliveryStatuses.Failed, DeliveryStatuses.Dead, DeliveryStatuses.Succeeded];

    /// <summary><c>failed</c>, <c>dead</c> or <c>succeeded</c>; left out: failed and dead.</summary>
    [Description("failed, dead or succeeded; left out: failed and dead.")]
    public string? Status { get; init; }

    /// <inheritdoc />
    public static JsonTypeInfo<ReplayRequest> JsonType => DeliveriesJson.Default.ReplayRequest;

    /// <summary>The start of the window; call only when <see cref="Validate"/> found nothing.</summary>
    [JsonIgnore]
    public DateTimeOffset FromTime => TimeOf(From)!.Value;

    /// <summary>The end of the window; call only when <see cref="Validate"/> found nothing.</summary>
    [JsonIgnore]
    public DateTimeOffset ToTime => TimeOf(To)!.Value;

    /// <summary>The statuses to replay.</summary>
    [JsonIgnore]
    public IReadOnlyCollection<string> Statuses => Status is null ? [DeliveryStatuses.Failed, DeliveryStatuses.Dead] : [Status];

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        var from = TimeOf(From);
        if (from is null)
        {
            yield return TimeError("from", From);
        }

        var to = TimeOf(To);
        if (to is null)
        {
            yield return TimeError("to", To);
        }
        else if (from is not null && from >= to)
        {
            yield return new("to", "to must be after from.");
        }

        if (Status is not null && !ReplayableStatuses.Contains(Status, StringComparer.Ordinal))
        {
            yield return new("status", "status must be failed, dead or succeeded (default: failed and dead).");
        }
    }

    private static RequestError TimeError(string path, JsonNode? value) => value is null
        ? new(path, $"{path} is required: an ISO 8601 time or Unix milliseconds.")
        : new(path, $"{path} must be an ISO 8601 time (e.g. 2026-12-02T10:00:00Z) or Unix milliseconds from 0 to {MaxUnixMilliseconds}.");

    private static DateTimeOffset? TimeOf(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.Number when value.TryGetValue<long>(out var milliseconds) && milliseconds is >= 0 and <= MaxUnixMilliseconds =>
                DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
            JsonValueKind.String when DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) =>
                time,
            _ => null,
        }
        : null;
}
