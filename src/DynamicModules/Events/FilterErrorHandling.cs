namespace DynamicModules.Events;

/// <summary>What a trigger wants when its filter fails to evaluate (Forge <c>filter.onError</c>).</summary>
public enum FilterErrorHandling
{
    /// <summary><c>IGNORE_AND_LOG</c>, the default: not delivered, logged.</summary>
    IgnoreAndLog,

    /// <summary><c>IGNORE</c>: not delivered, not logged.</summary>
    Ignore,

    /// <summary><c>RECEIVE_AND_LOG</c>: delivered with the error in the body, logged.</summary>
    ReceiveAndLog,

    /// <summary><c>RECEIVE</c>: delivered with the error in the body, not logged.</summary>
    Receive,
}
