namespace DynamicModules.Server.Requests;

/// <summary>
/// A body that could not be bound (not JSON, a member of the wrong type, over the size limit). Thrown from binding,
/// where no result can be returned; <see cref="Errors.ErrorBodies"/> answers it in the endpoint's dialect.
/// </summary>
public sealed class RequestBodyException : BadHttpRequestException
{
    /// <summary>Creates the exception for one problem.</summary>
    public RequestBodyException(RequestError error, bool tooLarge)
        : base(error?.Message ?? string.Empty, tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The problem, with its JSON path.</summary>
    public RequestError Error { get; }
}
