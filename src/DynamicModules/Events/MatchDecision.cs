namespace DynamicModules.Events;

/// <summary>Whether one subscriber gets an event, and why.</summary>
/// <param name="Subscription">The subscriber.</param>
/// <param name="Deliver">True when a delivery is to be queued.</param>
/// <param name="Reason">Why, in words stored with the delivery or the event's skip list.</param>
/// <param name="FilterError">The filter's evaluation error when there was one (delivered to RECEIVE* triggers).</param>
/// <param name="LogFilterError">True when the onError mode asks for the error to be logged.</param>
public sealed record MatchDecision(Subscription Subscription, bool Deliver, string Reason, string? FilterError, bool LogFilterError);
