using System.Security.Claims;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Tenants;
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

        routes.Tenant.MapPost("/admin-links", CreateLink)
            .WithTags("Admin")
            .WithName("CreateAdminLink")
            .WithSummary("Mint a short-lived admin page link for one tenant")
            .WithDescription($"Body (optional): {{lifetimeMinutes}} from 1 to {MaxLinkLifetimeMinutes}, default 30. Answers {{url, expiresAt}}: url opens the admin page signed in for this tenant only. Operator key only (an admin link answers 403, so a tenant's admin cannot extend their own access); links are revoked all at once by rotating the operator key.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
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

    private static Results<Ok<AdminLinkResponse>, ProblemHttpResult> CreateLink(
        VisibleTenant tenant, AdminLinkRequest body, ClaimsPrincipal user, AdminSessionTokens sessions, PublicUrl publicUrl)
    {
        if (!user.IsOperator())
        {
            // A tenant's admin must not extend their own access by minting fresh links.
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", ProblemTypes.Forbidden,
                "Only the operator key can mint admin links.");
        }

        var (token, expiresAt) = sessions.Mint(tenant.Key, body.Lifetime);
        // The token travels in the fragment: browsers never send it to servers, proxies or Referer headers.
        return TypedResults.Ok(new AdminLinkResponse($"{publicUrl.Value}/admin#token={token}", expiresAt));
    }

    /// <summary>A minted admin link.</summary>
    /// <param name="Url">Opens the admin page signed in for the tenant.</param>
    /// <param name="ExpiresAt">When the link and any session opened with it stop working.</param>
    public sealed record AdminLinkResponse(string Url, DateTimeOffset ExpiresAt);
}
