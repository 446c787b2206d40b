namespace DynamicModules.Delivery;

/// <summary>What one claim round took: how many deliveries, the attempts it began and the ones it settled without a request.</summary>
/// <param name="Count">Deliveries claimed.</param>
/// <param name="Begun">Claimed deliveries whose attempt has begun: each to be sent once, then settled.</param>
/// <param name="Settled">Claimed deliveries settled at once (refused, or out of attempts), with their final outcome.</param>
public sealed record DeliveryClaim(
    int Count, IReadOnlyList<DeliveryWork> Begun, IReadOnlyList<(DeliveryWork Work, AttemptResult Result)> Settled)
{
    /// <summary>Nothing was due.</summary>
    public static DeliveryClaim Empty { get; } = new(0, [], []);
}
