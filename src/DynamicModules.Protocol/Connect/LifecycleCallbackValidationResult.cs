using System.Diagnostics.CodeAnalysis;

namespace DynamicModules.Protocol.Connect;

/// <summary>The outcome of <see cref="LifecycleCallbackValidator.ValidateAsync"/>.</summary>
public sealed class LifecycleCallbackValidationResult
{
    private LifecycleCallbackValidationResult(string? clientKey, string? failure)
    {
        ClientKey = clientKey;
        Failure = failure;
    }

    /// <summary>True when the callback comes from the service and is bound to this request.</summary>
    [MemberNotNullWhen(true, nameof(ClientKey))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The tenant's clientKey (the token's <c>iss</c>, equal to the payload's); null on failure.</summary>
    public string? ClientKey { get; }

    /// <summary>Why validation failed. For logs only: never send it to the caller.</summary>
    public string? Failure { get; }

    internal static LifecycleCallbackValidationResult Success(string clientKey) => new(clientKey, null);

    internal static LifecycleCallbackValidationResult Fail(string failure) => new(null, failure);
}
