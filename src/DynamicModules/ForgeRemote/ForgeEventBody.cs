using System.Text.Json.Nodes;
using DynamicModules.Delivery;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// The body of an event delivered to a Forge endpoint: <c>payload</c> (the event as a trigger receives it, see
/// <see cref="DeliveryBody"/>), <c>context</c> (<c>cloudId</c>, <c>moduleKey</c>) and, from the second attempt on,
/// <c>retryContext</c> (<c>retryCount</c>, <c>retryReason</c>) as Forge sends retries.
/// </summary>
public static class ForgeEventBody
{
    /// <summary>The body of attempt <see cref="DeliveryWork.Attempt"/> of <paramref name="work"/>.</summary>
    public static string Build(DeliveryWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var payload = JsonNode.Parse(DeliveryBody.Build(work)) as JsonObject ?? [];
        var body = new JsonObject
        {
            ["payload"] = payload,
            ["context"] = new JsonObject { ["cloudId"] = work.ClientKey, ["moduleKey"] = work.ModuleKey },
        };
        if (work.Attempt > 1)
        {
            body["retryContext"] = new JsonObject
            {
                ["retryCount"] = work.Attempt - 1,
                // The previous attempt failed or timed out (a 2xx ends the delivery), which Forge reports as a function error.
                ["retryReason"] = "FUNCTION_ERROR",
                ["retryData"] = new JsonObject { ["eventId"] = work.EventId },
            };
        }

        return body.ToJsonString();
    }
}
