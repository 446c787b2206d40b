using DynamicModules.Secrets;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>Fixed secret keys for test hosts that share a PostgreSQL database, and for store tests.</summary>
public static class TestSecretKeys
{
    /// <summary>One key, in the <c>DynamicModules:SecretKeys</c> form.</summary>
    public const string Shared = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /// <summary>A protector over <see cref="Shared"/>.</summary>
    public static SecretProtector Protector { get; } = new(SecretKeyRing.Parse(Shared, "test keys"));
}
