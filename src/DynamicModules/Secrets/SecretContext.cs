namespace DynamicModules.Secrets;

/// <summary>
/// Where a ciphertext belongs, authenticated with it (AES-GCM associated data): a ciphertext copied into
/// another row or column does not decrypt there.
/// </summary>
public static class SecretContext
{
    /// <summary>The <c>installations.shared_secret</c> of the installation of app row <paramref name="appId"/> in the tenant.</summary>
    public static string SharedSecret(long tenantId, long appId) => Installation(tenantId, appId, "shared_secret");

    /// <summary>The <c>installations.signing_secret</c> of the installation of app row <paramref name="appId"/> in the tenant.</summary>
    public static string SigningSecret(long tenantId, long appId) => Installation(tenantId, appId, "signing_secret");

    /// <summary>A Data Protection key element stored under <paramref name="friendlyName"/>.</summary>
    public static string DataProtectionKey(string friendlyName) => "data_protection_keys/" + friendlyName;

    /// <summary>The <c>forge_signing_keys.private_key</c> of the key <paramref name="keyId"/>.</summary>
    public static string ForgeSigningKey(string keyId) => "forge_signing_keys/" + keyId;

    // (tenant, app) is the installation's natural key and is known before the row is inserted.
    private static string Installation(long tenantId, long appId, string column) =>
        FormattableString.Invariant($"installations/{tenantId}/{appId}/{column}");
}
