namespace DynamicModules.Client.AspNetCore;

/// <summary>What a verified <c>installed</c> callback told the app about one tenant.</summary>
/// <param name="ClientKey">The tenant's clientKey.</param>
/// <param name="AppKey">The app key the service installed (the <c>key</c> of the payload).</param>
/// <param name="SharedSecret">The installation's shared secret.</param>
/// <param name="BaseUrl">The tenant base URL the app calls.</param>
/// <param name="WebhookSigningSecret">The Standard Webhooks secret that signs the tenant's deliveries; null when none was sent.</param>
/// <param name="Enabled">False after a <c>disabled</c> callback.</param>
public sealed record ConnectInstallation(
    string ClientKey, string AppKey, string SharedSecret, string BaseUrl, string? WebhookSigningSecret, bool Enabled = true);
