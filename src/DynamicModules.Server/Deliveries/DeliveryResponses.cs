using DynamicModules.Delivery;

namespace DynamicModules.Server.Deliveries;

/// <summary>A page of the delivery log; pass <see cref="NextAfter"/> as <c>after</c> for the next page.</summary>
public sealed record DeliveryListResponse(IReadOnlyList<DeliveryRecord> Deliveries, long? NextAfter);

/// <summary>Answer to a redelivery.</summary>
public sealed record RedeliverResponse(long Id, string Status);

/// <summary>Answer to a replay: how many deliveries were queued again.</summary>
public sealed record ReplayResponse(int Count);

/// <summary>An installation's Standard Webhooks signing secret.</summary>
public sealed record SigningSecretResponse(string AppKey, string SigningSecret);
