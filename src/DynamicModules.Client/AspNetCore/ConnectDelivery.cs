using System.Text.Json;

namespace DynamicModules.Client.AspNetCore;

/// <summary>An event delivery whose Connect JWT and Standard Webhooks signature were verified.</summary>
/// <param name="Installation">The installation it was sent for.</param>
/// <param name="WebhookId">The <c>webhook-id</c>: the same for every attempt of one delivery.</param>
/// <param name="Body">The parsed body (for triggers: <c>eventType</c>, the event payload, <c>context</c> with <c>eventId</c>).</param>
/// <param name="RawBody">The body exactly as received.</param>
public sealed record ConnectDelivery(ConnectInstallation Installation, string WebhookId, JsonElement Body, string RawBody)
{
    /// <summary>The published event's id (<c>context.eventId</c>), stable across retries and redeliveries; null for webhook bodies.</summary>
    public string? EventId =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
        && context.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
