using System.Diagnostics.CodeAnalysis;

namespace DynamicModules.Protocol.Forge;

/// <summary>The outcome of <see cref="ForgeInvocationTokenValidator.Validate"/>.</summary>
public sealed class ForgeInvocationTokenValidationResult
{
    private ForgeInvocationTokenValidationResult(ForgeInvocationToken? token, string? failure, bool unknownKey)
    {
        Token = token;
        Failure = failure;
        UnknownKey = unknownKey;
    }

    /// <summary>True when the token is a valid FIT for the app.</summary>
    [MemberNotNullWhen(true, nameof(Token))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The verified claims; null on failure.</summary>
    public ForgeInvocationToken? Token { get; }

    /// <summary>Why validation failed. For logs only: never send it to the caller.</summary>
    public string? Failure { get; }

    /// <summary>
    /// True when the only problem may be a stale key set: the token names a <c>kid</c> the set does not hold. A verifier
    /// that caches the JWKS refetches it once and validates again.
    /// </summary>
    public bool UnknownKey { get; }

    internal static ForgeInvocationTokenValidationResult Success(ForgeInvocationToken token) => new(token, null, false);

    internal static ForgeInvocationTokenValidationResult Fail(string failure, bool unknownKey = false) => new(null, failure, unknownKey);
}
