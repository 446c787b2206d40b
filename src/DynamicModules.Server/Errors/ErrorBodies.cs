using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DynamicModules.Server.Errors;

/// <summary>
/// Bodies for the errors no endpoint writes: empty 4xx answers (unknown route, wrong method, a challenge
/// without a body) and the web server's <see cref="BadHttpRequestException"/>s raised while the application
/// reads a request (body over the limit, a broken chunked body). The app dialects under <c>/t/</c> get
/// <c>{"message"}</c>, everything else problem+json with a <c>detail</c>.
/// </summary>
public sealed class ErrorBodies(IProblemDetailsService problems, RefusalDetails refusals) : IExceptionHandler
{
    /// <summary>Maps the web server's request errors to their status and a body that says what was wrong.</summary>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException badRequest || httpContext.Response.HasStarted)
        {
            return false;
        }

        if (exception is RequestBodyException refused)
        {
            await ErrorDialect.Of(httpContext).Refused(refused).ExecuteAsync(httpContext);
            return true;
        }

        if (ParameterBinding.Describe(badRequest) is { } parameter)
        {
            await ErrorDialect.Of(httpContext).Invalid([parameter]).ExecuteAsync(httpContext);
            return true;
        }

        var detail = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? refusals.For(badRequest.StatusCode) : badRequest.Message;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        await WriteAsync(httpContext, detail);
        return true;
    }

    // Routing's 405 answer lists the methods the path has in Allow; the detail repeats them for people.
    private static string MethodNotAllowed(HttpContext context)
    {
        var allowed = context.Response.Headers.Allow.ToString();
        return allowed.Length == 0
            ? $"{context.Request.Method} is not allowed on {context.Request.Path}."
            : $"{context.Request.Method} is not allowed on {context.Request.Path}; allowed: {allowed}.";
    }

    /// <summary>Fills an error answer that an endpoint or the routing left without a body.</summary>
    public Task WriteEmptyStatusAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var detail = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"Nothing is served at {request.Method} {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => MethodNotAllowed(context),
            StatusCodes.Status401Unauthorized => "Authentication is required: the operator key as a Bearer token, or an app's token.",
            StatusCodes.Status403Forbidden => "These credentials may not do this.",
            StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
            StatusCodes.Status413PayloadTooLarge => refusals.For(StatusCodes.Status413PayloadTooLarge),
            _ => $"The request was refused with HTTP {context.Response.StatusCode}.",
        };
        return WriteAsync(context, detail);
    }

    private async Task WriteAsync(HttpContext context, string detail)
    {
        if (ErrorDialect.Of(context).IsApp)
        {
            await context.Response.WriteAsJsonAsync(new ConnectMessage(detail));
            return;
        }

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = context.Response.StatusCode,
                Detail = detail,
                Type = context.Response.StatusCode == StatusCodes.Status404NotFound ? ProblemTypes.NotFound : ProblemTypes.BadRequest,
            },
        });
    }
}
