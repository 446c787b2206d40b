using System.Diagnostics.CodeAnalysis;

namespace DynamicModules.Protocol.Connect;

/// <summary>The outcome of <see cref="HostJwtValidator.ValidateAsync"/>.</summary>
public sealed class HostJwtValidationResult
{
    private HostJwtValidationResult(string? clientKey, string? subject, string? failure)
    {
        ClientKey = clientKey;
        Subject = subject;
        Failure = failure;
    }

    /// <summary>True when the token authenticates the request as coming from the tenant.</summary>
    [MemberNotNullWhen(true, nameof(ClientKey))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The sending tenant's clientKey (the token's <c>iss</c>); null on failure.</summary>
    public string? ClientKey { get; }

    /// <summary>The acting user's account id (<c>sub</c>), when the host names one.</summary>
    public string? Subject { get; }

    /// <summary>Why validation failed. For logs only: never send it to the caller.</summary>
    public string? Failure { get; }

    internal static HostJwtValidationResult Success(string clientKey, string? subject) => new(clientKey, subject, null);

    internal static HostJwtValidationResult Fail(string failure) => new(null, null, failure);
}
