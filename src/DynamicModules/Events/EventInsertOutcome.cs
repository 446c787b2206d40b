namespace DynamicModules.Events;

/// <summary>What inserting an event did (<see cref="EventStore.InsertAsync"/>).</summary>
public enum EventInsertOutcome
{
    /// <summary>The event and its deliveries are stored.</summary>
    Stored,

    /// <summary>An event with the same id was stored first; nothing was written.</summary>
    Duplicate,

    /// <summary>The tenant's modules changed after the subscribers were read; nothing was written, match again.</summary>
    StaleSubscribers,

    /// <summary>No tenant with that id and key; nothing was written.</summary>
    NoTenant,
}
