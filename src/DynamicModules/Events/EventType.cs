namespace DynamicModules.Events;

/// <summary>
/// A product event the host can publish: its Forge name (what the host publishes and triggers list), the
/// Connect webhook name that <c>webhooks</c> modules subscribe to, and the scope an app needs to receive it.
/// </summary>
/// <param name="ForgeName">The Forge event name, such as <c>avi:jira:created:issue</c>.</param>
/// <param name="ConnectName">The Connect webhook event name, such as <c>jira:issue_created</c>; null when Connect has none.</param>
/// <param name="Scope">The descriptor scope an app must declare to receive the event (upper-case, e.g. <c>READ</c>).</param>
public sealed record EventType(string ForgeName, string? ConnectName, string Scope);
