namespace DynamicModules.Modules;

/// <summary>The two kinds of event subscriber module.</summary>
public enum SubscriptionKind
{
    /// <summary>A Connect <c>webhooks</c> module: subscribes by Connect event name, filters with JQL.</summary>
    Webhook,

    /// <summary>A Forge <c>trigger</c> module: subscribes by Forge event names, filters with an expression.</summary>
    Trigger,
}

/// <summary>The stored names of <see cref="SubscriptionKind"/> (the delivery log's <c>moduleKind</c>).</summary>
public static class SubscriptionKinds
{
    /// <summary><c>webhook</c> or <c>trigger</c>.</summary>
    public static string ToText(SubscriptionKind kind) => kind == SubscriptionKind.Webhook ? "webhook" : "trigger";

    /// <summary>The kind a stored name stands for.</summary>
    public static SubscriptionKind Parse(string text) => text switch
    {
        "webhook" => SubscriptionKind.Webhook,
        "trigger" => SubscriptionKind.Trigger,
        _ => throw new InvalidDataException($"'{text}' is not a subscription kind."),
    };
}
