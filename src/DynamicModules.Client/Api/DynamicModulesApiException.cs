namespace DynamicModules.Client.Api;

/// <summary>The service refused a call: its status, its message (<c>message</c> or a problem's <c>detail</c>) and field errors.</summary>
public sealed class DynamicModulesApiException : Exception
{
    /// <summary>Creates the exception for a refusal.</summary>
    /// <param name="statusCode">The HTTP status the service answered.</param>
    /// <param name="message">The service's message.</param>
    /// <param name="errors">The problems by path, when the service listed them.</param>
    public DynamicModulesApiException(int statusCode, string message, IReadOnlyList<ApiFieldError>? errors = null)
        : base(message)
    {
        StatusCode = statusCode;
        Errors = errors ?? [];
    }

    /// <summary>Creates an exception without a status (for serializers and tests).</summary>
    public DynamicModulesApiException()
        : this(0, "The service refused the call.")
    {
    }

    /// <summary>Creates an exception without a status (for serializers and tests).</summary>
    public DynamicModulesApiException(string message)
        : this(0, message)
    {
    }

    /// <summary>Creates an exception without a status, wrapping <paramref name="innerException"/>.</summary>
    public DynamicModulesApiException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>The HTTP status the service answered (0 when there was no answer).</summary>
    public int StatusCode { get; }

    /// <summary>The problems by path, when the service listed them.</summary>
    public IReadOnlyList<ApiFieldError> Errors { get; }
}
