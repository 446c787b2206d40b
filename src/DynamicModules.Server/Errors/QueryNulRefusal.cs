using DynamicModules.Server.Requests;

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
            // Named like any refused parameter, in the endpoint's dialect: the first parameter that holds the NUL.
            var parameter = context.Request.Query.FirstOrDefault(pair => pair.Key.Contains('\0', StringComparison.Ordinal)
                || pair.Value.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true)).Key;
            var path = string.IsNullOrEmpty(parameter) || parameter.Contains('\0', StringComparison.Ordinal) ? "$query" : parameter;
            await ErrorDialect.Of(context)
                .Invalid([new RequestError(path, "The query string holds a NUL character (%00), which no parameter accepts.")])
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
