using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Events;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Events;

/// <summary>Reads and validates the body of <c>POST /api/v1/tenants/{tenant}/events</c>, reporting every problem with its path.</summary>
public static class PublishRequestReader
{
    /// <summary>Longest event id.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Largest payload, as UTF-8 JSON; Forge does not deliver bigger events either (forge-triggers-expressions.md §2.4).</summary>
    public const int MaxPayloadBytes = 200 * 1024;

    /// <summary>The event, or the errors keyed by JSON path.</summary>
    public static (EventToPublish? Event, List<(string Path, string Message)> Errors) Read(JsonObject body, EventCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new List<(string, string)>();
        var id = JsonRead.ReadString(body, "id", "id", errors, required: true);
        if (id is not null && (id.Length is 0 or > MaxIdLength || id.Any(char.IsControl)))
        {
            errors.Add(("id", $"id must be 1-{MaxIdLength} characters without control characters."));
        }

        var typeName = JsonRead.ReadString(body, "type", "type", errors, required: true);
        EventType? type = null;
        if (typeName is not null && !catalog.TryGet(typeName, out type))
        {
            errors.Add(("type", $"Unknown event type '{typeName}'. Publish a Forge event name from the catalog (e.g. avi:jira:created:issue) or add it under DynamicModules:Events."));
        }

        string? payloadJson = null;
        switch (body["payload"])
        {
            case null:
                errors.Add(("payload", "payload is required: a JSON object."));
                break;
            case JsonObject payload:
                payloadJson = payload.ToJsonString();
                var size = Encoding.UTF8.GetByteCount(payloadJson);
                if (size > MaxPayloadBytes)
                {
                    errors.Add(("payload", $"payload is {size} bytes; the limit is {MaxPayloadBytes} bytes."));
                    payloadJson = null;
                }

                break;
            default:
                errors.Add(("payload", "payload must be a JSON object."));
                break;
        }

        var actor = ReadActor(body, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        using var document = JsonDocument.Parse(payloadJson!);
        return (new EventToPublish(id!, type!, document.RootElement.Clone(), payloadJson!, actor), errors);
    }

    private static EventActor? ReadActor(JsonObject body, List<(string Path, string Message)> errors)
    {
        if (body["actor"] is null)
        {
            return null;
        }

        if (body["actor"] is not JsonObject actor)
        {
            errors.Add(("actor", "actor must be an object: {accountId} or {appKey}."));
            return null;
        }

        var accountId = JsonRead.ReadString(actor, "accountId", "actor.accountId", errors, required: false);
        var appKey = JsonRead.ReadString(actor, "appKey", "actor.appKey", errors, required: false);
        if ((accountId is null) == (appKey is null))
        {
            errors.Add(("actor", "actor must have exactly one of accountId or appKey."));
            return null;
        }

        if ((accountId ?? appKey)!.Length is 0 or > 200)
        {
            errors.Add((accountId is null ? "actor.appKey" : "actor.accountId", "Must be 1-200 characters."));
            return null;
        }

        return new EventActor(accountId, appKey);
    }
}
