namespace DynamicModules.Events;

/// <summary>Who caused an event: a user (<c>accountId</c>) or an app (<c>appKey</c>); exactly one is set.</summary>
/// <param name="AccountId">The acting user's account id.</param>
/// <param name="AppKey">The acting app's key; triggers with <c>ignoreSelf</c> skip their own app's events.</param>
public sealed record EventActor(string? AccountId, string? AppKey);
