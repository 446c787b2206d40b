using System.Text.Json;

namespace DynamicModules.Events;

/// <summary>A validated event, ready to publish.</summary>
/// <param name="Id">The publisher's id: publishing the same id again in the tenant changes nothing.</param>
/// <param name="Type">The catalog entry of its type.</param>
/// <param name="Payload">The payload object.</param>
/// <param name="PayloadJson">The payload as stored and delivered.</param>
/// <param name="Actor">Who caused it, when known.</param>
public sealed record EventToPublish(string Id, EventType Type, JsonElement Payload, string PayloadJson, EventActor? Actor);
