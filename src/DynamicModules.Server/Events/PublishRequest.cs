using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Events;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Events;

/// <summary>Body of <c>POST /api/v1/tenants/{tenant}/events</c>; whether <see cref="Type"/> is in the event catalog is checked by the endpoint.</summary>
/// <param name="Id">The host's id of the event, 1-200 characters: a repeat with the same id is not queued again.</param>
/// <param name="Type">A Forge event name from the catalog, e.g. <c>avi:jira:created:issue</c>.</param>
/// <param name="Payload">The event as the subscribers receive it: any JSON object, at most 200 KiB.</param>
public sealed record PublishRequest(string? Id, string? Type, JsonObject? Payload) : IJsonRequest<PublishRequest>
{
    /// <summary>Longest event id.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Largest payload, as UTF-8 JSON; Forge does not deliver bigger events either (forge-triggers-expressions.md §2.4).</summary>
    public const int MaxPayloadBytes = 200 * 1024;

    // The payload's text is needed twice (its size here, the stored copy in ToEvent); serialize it once.
    private string? payloadJson;

    /// <summary>Who caused the event: <c>{accountId}</c> (a user) or <c>{appKey}</c> (an app); triggers with <c>ignoreSelf</c> skip their own app's events.</summary>
    public PublishActorRequest? Actor { get; init; }

    /// <inheritdoc />
    public static JsonTypeInfo<PublishRequest> JsonType => EventsJson.Default.PublishRequest;

    private string PayloadJson => payloadJson ??= Payload!.ToJsonString();

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        if (Id is null)
        {
            yield return new("id", "id is required.");
        }
        else if (Id.Length is 0 or > MaxIdLength || Id.Any(char.IsControl))
        {
            yield return new("id", $"id must be 1-{MaxIdLength} characters without control characters.");
        }

        if (Type is null)
        {
            yield return new("type", "type is required.");
        }

        if (Payload is null)
        {
            yield return new("payload", "payload is required: a JSON object.");
        }
        else if (Encoding.UTF8.GetByteCount(PayloadJson) is var size && size > MaxPayloadBytes)
        {
            yield return new("payload", $"payload is {size} bytes; the limit is {MaxPayloadBytes} bytes.");
        }

        if (Actor is not null)
        {
            foreach (var error in Actor.Validate())
            {
                yield return error;
            }
        }
    }

    /// <summary>The event to publish; call only when <see cref="Validate"/> found nothing.</summary>
    public EventToPublish ToEvent(EventType type)
    {
        using var document = JsonDocument.Parse(PayloadJson);
        return new EventToPublish(Id!, type, document.RootElement.Clone(), PayloadJson, Actor is null ? null : new EventActor(Actor.AccountId, Actor.AppKey));
    }
}

/// <summary>The <c>actor</c> member of <see cref="PublishRequest"/>: exactly one of the two members.</summary>
public sealed record PublishActorRequest
{
    /// <summary>Longest account id or app key.</summary>
    public const int MaxLength = 200;

    /// <summary>The user who caused the event.</summary>
    public string? AccountId { get; init; }

    /// <summary>The app that caused the event.</summary>
    public string? AppKey { get; init; }

    /// <summary>The problems of the actor, with their paths.</summary>
    public IEnumerable<RequestError> Validate()
    {
        if ((AccountId is null) == (AppKey is null))
        {
            yield return new("actor", "actor must have exactly one of accountId or appKey.");
            yield break;
        }

        var (path, value) = AccountId is null ? ("actor.appKey", AppKey!) : ("actor.accountId", AccountId);
        if (value.Length is 0 or > MaxLength)
        {
            yield return new(path, $"{path} must be 1-{MaxLength} characters.");
        }
    }
}
