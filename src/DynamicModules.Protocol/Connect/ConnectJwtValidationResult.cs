using System.Diagnostics.CodeAnalysis;

namespace DynamicModules.Protocol.Connect;

/// <summary>The outcome of <see cref="ConnectJwtValidator.ValidateAsync"/>.</summary>
public sealed class ConnectJwtValidationResult
{
    private ConnectJwtValidationResult(string? appKey, string? subject, string? failure)
    {
        AppKey = appKey;
        Subject = subject;
        Failure = failure;
    }

    /// <summary>True when the token authenticates the request.</summary>
    [MemberNotNullWhen(true, nameof(AppKey))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The calling app's key (the token's <c>iss</c>); null on failure.</summary>
    public string? AppKey { get; }

    /// <summary>The acting user's account ID (the <c>sub</c> claim); null when the app acts as itself.</summary>
    public string? Subject { get; }

    /// <summary>Why validation failed. For logs only: never send it to the caller.</summary>
    public string? Failure { get; }

    internal static ConnectJwtValidationResult Success(string appKey, string? subject) => new(appKey, subject, null);

    internal static ConnectJwtValidationResult Fail(string failure) => new(null, null, failure);
}
