namespace DynamicModules.Audit;

/// <summary>How actors are written in audit records and module provenance.</summary>
public static class Actors
{
    /// <summary>The service operator (operator key or admin page).</summary>
    public const string Operator = "operator";

    /// <summary>An app acting as itself (asApp).</summary>
    public const string App = "app";

    /// <summary>An app acting for a user (asUser).</summary>
    public static string User(string accountId) => "user:" + accountId;

    /// <summary>The actor for an app call: the user when one is named, else the app.</summary>
    public static string ForAppCall(string? subject) => subject is null ? App : User(subject);
}
