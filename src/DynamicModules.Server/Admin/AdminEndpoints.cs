using System.Security.Claims;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using DynamicModules.Server.Tenants;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Admin;

/// <summary>The admin page (<c>/admin</c>) and the signed links that open it for one tenant's admins.</summary>
public static class AdminEndpoints
{
    /// <summary>Default lifetime of an admin link.</summary>
    public static readonly TimeSpan DefaultLinkLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Longest lifetime an admin link may be given, in minutes (one day).</summary>
    public const int MaxLinkLifetimeMinutes = 24 * 60;

    /// <summary>Maps <c>/admin</c>, its files, and <c>POST /api/v1/tenants/{tenant}/admin-links</c>.</summary>
    public static ApiRoutes MapAdminEndpoints(this ApiRoutes routes)
    {
        routes.Public.MapGet("/admin", (HttpContext context, AdminPage page) => Serve(context, page, "index.html")).ExcludeFromDescription();
        routes.Public.MapGet("/admin/{file}", (string file, HttpContext context, AdminPage page) => Serve(context, page, file)).ExcludeFromDescription();

        routes.Tenant.MapPost("/admin-links", CreateLinkAsync)
            .WithTags("Admin")
            .WithSummary("Mint a short-lived admin page link for one tenant")
            .WithDescription("Body (optional): {lifetimeMinutes} from 1 to 1440, default 30. Answers {url, expiresAt}: url opens the admin page signed in for this tenant only. Operator key only; links are revoked all at once by rotating the operator key.");
        return routes;
    }

    private static Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Serve(HttpContext context, AdminPage page, string name)
    {
        var file = page.Find(name);
        if (file is null)
        {
            return Problems.NotFound($"The admin page has no file '{name}'.");
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = AdminPage.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == file.ETag)
        {
            headers.ETag = file.ETag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        headers.ETag = file.ETag;
        return TypedResults.Bytes(file.Body, file.ContentType);
    }

    private static async Task<Results<Ok<AdminLinkResponse>, ValidationProblem, ProblemHttpResult>> CreateLinkAsync(
        string tenant, HttpRequest request, ClaimsPrincipal user, TenantStore tenants, AdminSessionTokens sessions, PublicUrl publicUrl,
        CancellationToken cancellationToken)
    {
        if (!user.IsOperator())
        {
            // A tenant's admin must not extend their own access by minting fresh links.
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", ProblemTypes.Forbidden,
                "Only the operator key can mint admin links.");
        }

        var lifetime = DefaultLinkLifetime;
        if (request.ContentLength is not 0 && request.Headers.ContentType.Count > 0)
        {
            var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
            if (body is null)
            {
                return error!.ToProblem();
            }

            var errors = new List<(string, string)>();
            var minutes = JsonRead.ReadInt(body, "lifetimeMinutes", "lifetimeMinutes", 1, MaxLinkLifetimeMinutes, errors);
            if (errors.Count > 0)
            {
                return Problems.Validation(Problems.ErrorMap(errors));
            }

            if (minutes is { } given)
            {
                lifetime = TimeSpan.FromMinutes(given);
            }
        }

        if (await tenants.FindAsync(tenant, cancellationToken) is null)
        {
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

        var (token, expiresAt) = sessions.Mint(tenant, lifetime);
        // The token travels in the fragment: browsers never send it to servers, proxies or Referer headers.
        return TypedResults.Ok(new AdminLinkResponse($"{publicUrl.Value}/admin#token={token}", expiresAt));
    }

    /// <summary>A minted admin link.</summary>
    /// <param name="Url">Opens the admin page signed in for the tenant.</param>
    /// <param name="ExpiresAt">When the link and any session opened with it stop working.</param>
    public sealed record AdminLinkResponse(string Url, DateTimeOffset ExpiresAt);
}
