using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Modules;

namespace DynamicModules.Delivery;

/// <summary>
/// The body of a delivery (docs/events.md). Connect webhooks get the payload with <c>timestamp</c> (publish
/// time, Unix ms) and <c>webhookEvent</c> (the Connect name) first, as Jira sends them, or nothing with
/// <c>excludeBody</c>. Triggers get <c>eventType</c> (the Forge name), the payload, <c>selfGenerated</c> when
/// their own app caused the event, <c>filterError</c> for RECEIVE* filter errors, and a <c>context</c> naming
/// the tenant (<c>cloudId</c> = <c>clientKey</c>) and the module.
/// </summary>
public static class DeliveryBody
{
    /// <summary>The body text; the same for every attempt of a delivery, so retries carry identical bytes.</summary>
    public static string Build(DeliveryWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.ExcludeBody)
        {
            return "";
        }

        var payload = JsonNode.Parse(work.Payload) as JsonObject ?? [];
        JsonObject body;
        if (work.ModuleKind == SubscriptionKind.Webhook)
        {
            body = new JsonObject
            {
                ["timestamp"] = work.PublishedAt.ToUnixTimeMilliseconds(),
                ["webhookEvent"] = work.EventName,
            };
            CopyExcept(payload, body, "timestamp", "webhookEvent");
            return body.ToJsonString();
        }

        body = new JsonObject { ["eventType"] = work.EventName };
        CopyExcept(payload, body, "eventType", "context", "selfGenerated", "filterError");
        body["selfGenerated"] = work.SelfGenerated;
        if (!body.ContainsKey("atlassianId") && work.Actor is not null
            && JsonNode.Parse(work.Actor) is JsonObject actor && actor["accountId"] is JsonValue accountId)
        {
            body["atlassianId"] = accountId.DeepClone();
        }

        if (work.FilterError is not null)
        {
            body["filterError"] = new JsonObject { ["message"] = work.FilterError };
        }

        body["context"] = new JsonObject
        {
            ["cloudId"] = work.ClientKey,
            ["clientKey"] = work.ClientKey,
            ["moduleKey"] = work.ModuleKey,
            ["eventId"] = work.EventId,
        };
        return body.ToJsonString();
    }

    private static void CopyExcept(JsonObject from, JsonObject to, params string[] skipped)
    {
        foreach (var (name, value) in from)
        {
            if (Array.IndexOf(skipped, name) < 0)
            {
                to[name] = value?.DeepClone();
            }
        }
    }
}
