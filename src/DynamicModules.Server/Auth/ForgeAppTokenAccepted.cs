namespace DynamicModules.Server.Auth;

/// <summary>
/// Endpoint metadata: this app-facing operation also accepts a Forge app token (<c>Authorization: Bearer</c>, DESIGN §4.1).
/// Only the operations Forge remotes call carry it (Forge v2 dynamic modules, quota, analyse); the Connect dialect's
/// routes take Connect JWTs only.
/// </summary>
public sealed class ForgeAppTokenAccepted
{
    /// <summary>The one instance.</summary>
    public static readonly ForgeAppTokenAccepted Instance = new();

    private ForgeAppTokenAccepted()
    {
    }
}

/// <summary>Marks app-facing endpoints that accept Forge app tokens.</summary>
public static class ForgeAppTokenAcceptedExtensions
{
    /// <summary>Lets the endpoints of <paramref name="builder"/> authenticate with a Forge app token as well as a Connect JWT.</summary>
    public static TBuilder AcceptForgeAppTokens<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ForgeAppTokenAccepted.Instance);
}
