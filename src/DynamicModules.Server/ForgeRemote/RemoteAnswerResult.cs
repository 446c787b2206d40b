using Microsoft.AspNetCore.Http.Metadata;

namespace DynamicModules.Server.ForgeRemote;

/// <summary>A remote's answer passed on as it came: its status, its <c>Content-Type</c> and its body bytes.</summary>
public sealed class RemoteAnswerResult(int statusCode, string? contentType, byte[] body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => statusCode;

    /// <inheritdoc />
    public string? ContentType => contentType;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = statusCode;
        if (contentType is not null)
        {
            httpContext.Response.ContentType = contentType;
        }

        httpContext.Response.ContentLength = body.Length;
        await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
