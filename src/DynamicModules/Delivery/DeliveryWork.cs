using DynamicModules.Modules;

namespace DynamicModules.Delivery;

/// <summary>A claimed delivery with everything needed to send it once.</summary>
public sealed record DeliveryWork
{
    /// <summary>The delivery id.</summary>
    public required long Id { get; init; }

    /// <summary>The tenant.</summary>
    public required long TenantId { get; init; }

    /// <summary>
    /// Attempts made in the current cycle: when claimed, the attempts before this one; once the attempt has begun
    /// (in <see cref="DeliveryStore.ClaimAsync"/>), this attempt's number (1-based).
    /// </summary>
    public required int Attempt { get; init; }

    /// <summary>The claim this work was handed out under; every later write is fenced by it (docs/events.md "Leases").</summary>
    public required string ClaimToken { get; init; }

    /// <summary>The delivery log row of the attempt under way, or null before it has begun.</summary>
    public long? AttemptRowId { get; init; }

    /// <summary>Until when the claim is leased to this node; a request may only leave while it would end before then.</summary>
    public DateTimeOffset LockedUntil { get; init; }

    /// <summary>Stable across retries and redeliveries: the <c>webhook-id</c> header.</summary>
    public required string WebhookId { get; init; }

    /// <summary>The absolute URL fixed at publish time.</summary>
    public required string TargetUrl { get; init; }

    /// <summary>Which kind of subscriber module it goes to; it decides the body and the authentication.</summary>
    public required SubscriptionKind ModuleKind { get; init; }

    /// <summary>The subscriber module key.</summary>
    public required string ModuleKey { get; init; }

    /// <summary>The subscriber app key.</summary>
    public required string AppKey { get; init; }

    /// <summary>The name in the body (Connect name for webhooks, Forge name for triggers).</summary>
    public required string EventName { get; init; }

    /// <summary>Send an empty body.</summary>
    public required bool ExcludeBody { get; init; }

    /// <summary>The event was caused by this app.</summary>
    public required bool SelfGenerated { get; init; }

    /// <summary>The filter error delivered to RECEIVE* triggers.</summary>
    public string? FilterError { get; init; }

    /// <summary>The publisher's event id.</summary>
    public required string EventId { get; init; }

    /// <summary>The payload JSON as published.</summary>
    public required string Payload { get; init; }

    /// <summary>The actor JSON, or null.</summary>
    public string? Actor { get; init; }

    /// <summary>When the event was published.</summary>
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>The installation's state now.</summary>
    public required string InstallationState { get; init; }

    /// <summary>The installation's Connect shared secret now.</summary>
    public required string SharedSecret { get; init; }

    /// <summary>The installation's Standard Webhooks signing secret.</summary>
    public required string SigningSecret { get; init; }

    /// <summary>The installation's current descriptor JSON (base URL and authentication type).</summary>
    public required string Descriptor { get; init; }

    /// <summary>The subscriber's installation; with <see cref="DescriptorVersion"/> it names the parsed descriptor to reuse.</summary>
    public required long InstallationId { get; init; }

    /// <summary>The version of <see cref="Descriptor"/>.</summary>
    public required int DescriptorVersion { get; init; }

    /// <summary>The tenant's clientKey (JWT issuer).</summary>
    public required string ClientKey { get; init; }

    /// <summary>The W3C trace context of the publish request, which the attempt's span continues; null when none was stored.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The W3C <c>tracestate</c> stored with <see cref="TraceParent"/>.</summary>
    public string? TraceState { get; init; }

    /// <summary>An earlier cycle already got a 2xx (this is a redelivery): its lag was measured then.</summary>
    public bool SucceededBefore { get; init; }
}
