namespace DynamicModules.Events;

/// <summary>The two kinds of event subscriber module.</summary>
public enum SubscriptionKind
{
    /// <summary>A Connect <c>webhooks</c> module: subscribes by Connect event name, filters with JQL.</summary>
    Webhook,

    /// <summary>A Forge <c>trigger</c> module: subscribes by Forge event names, filters with an expression.</summary>
    Trigger,
}
