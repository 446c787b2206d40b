using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DynamicModules.Server.Errors;

/// <summary>
/// The <c>detail</c> of each refusal the web server makes before a request reaches the application: which
/// limit or rule was hit, and its value, taken from the configured Kestrel limits.
/// </summary>
public sealed class RefusalDetails(KestrelServerLimits limits)
{
    /// <summary>What a refusal with <paramref name="status"/> means.</summary>
    public string For(int status) => status switch
    {
        StatusCodes.Status414UriTooLong =>
            $"The request line (method, path and query) is longer than the limit of {limits.MaxRequestLineSize} bytes.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge =>
            $"The request headers are over the limit: at most {limits.MaxRequestHeadersTotalSize} bytes in all and {limits.MaxRequestHeaderCount} header fields.",
        StatusCodes.Status413PayloadTooLarge =>
            $"The request body is larger than the limit of {limits.MaxRequestBodySize} bytes.",
        StatusCodes.Status408RequestTimeout =>
            $"The request headers did not arrive within {limits.RequestHeadersTimeout.TotalSeconds:0.#} s.",
        StatusCodes.Status505HttpVersionNotsupported => "The HTTP version is not supported; use HTTP/1.1 (or HTTP/1.0).",
        StatusCodes.Status411LengthRequired => "A request with a body needs a Content-Length or chunked Transfer-Encoding.",
        StatusCodes.Status405MethodNotAllowed => "The method is not allowed here.",
        _ => "The request line or headers are malformed, so the server did not read the request: for example a %00 or a control character in the path, an invalid method, version or header line.",
    };
}
