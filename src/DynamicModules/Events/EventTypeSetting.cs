namespace DynamicModules.Events;

/// <summary>
/// One entry of the <c>DynamicModules:Events</c> configuration list, which adds event types to the built-in
/// catalog (or replaces one with the same Forge name).
/// </summary>
public sealed class EventTypeSetting
{
    /// <summary>The Forge event name the host publishes.</summary>
    public string ForgeName { get; set; } = "";

    /// <summary>The Connect webhook name, when Connect apps can subscribe to the event.</summary>
    public string? ConnectName { get; set; }

    /// <summary>The scope an app needs; <c>READ</c> when not set.</summary>
    public string? Scope { get; set; }
}
