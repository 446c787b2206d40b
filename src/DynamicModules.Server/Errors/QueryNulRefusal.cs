namespace DynamicModules.Server.Errors;

/// <summary>
/// Refuses a NUL (<c>%00</c>) anywhere in the query, as Kestrel already does in the path: no parameter has a
/// use for one, and PostgreSQL text cannot hold it, so it would otherwise fail deep inside a query.
/// </summary>
public static class QueryNulRefusal
{
    /// <summary>The middleware.</summary>
    public static async Task RefuseNulAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            var detail = "The query string holds a NUL character (%00), which no parameter accepts.";
            if (context.Request.Path.StartsWithSegments("/t", StringComparison.Ordinal))
            {
                await context.Response.WriteAsJsonAsync(new ConnectMessage(detail));
            }
            else
            {
                await Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, type: ProblemTypes.BadRequest).ExecuteAsync(context);
            }

            return;
        }

        await next(context);
    }
}
