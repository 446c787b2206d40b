using System.Security.Claims;
using System.Text.Encodings.Web;
using DynamicModules.ForgeRemote;
using DynamicModules.Installations;
using DynamicModules.Protocol.Connect;
using DynamicModules.Registration;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Auth;

/// <summary>
/// Authenticates app calls under <c>/t/{tenant}</c> (and <c>/t/{tenant}/wiki</c>, see <see cref="WikiContextPath"/>) with a Connect JWT
/// (<c>Authorization: JWT …</c> or <c>?jwt=</c>), or, on the operations marked <see cref="ForgeAppTokenAccepted"/>, with a Forge
/// app token (<c>Authorization: Bearer …</c>; a user token makes the call asUser). On success the <see cref="AppCall"/> (tenant, installation, acting user) is kept on the
/// request for the endpoints. Every failure answers 401 with Connect's own body; the reason goes to the
/// log only, so a prober learns nothing about which check failed.
/// </summary>
public sealed partial class AppCallAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TenantStore tenants,
    InstallationStore installations,
    ConnectJwtValidator validator,
    ForgeAppTokens appTokens,
    TenantApiBaseUrl apiBaseUrl)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ConnectJwt";

    /// <summary>The body of every 401, exactly as Connect answers it.</summary>
    public const string NotAConnectApp = "The request is not from a Connect app.";

    /// <summary>The authenticated call of the current request.</summary>
    public static AppCall CallOf(HttpContext context) =>
        context.Items[typeof(AppCall)] as AppCall ?? throw new InvalidOperationException("The endpoint is not behind ConnectJwt authentication.");

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var bearer = ReadBearerToken();
        if (bearer is not null)
        {
            return await AuthenticateAppTokenAsync(bearer);
        }

        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var tenantKey = Context.GetRouteValue("tenant") as string;
        var tenant = TenantKeys.IsValid(tenantKey) ? await tenants.FindAsync(tenantKey!, Context.RequestAborted) : null;
        if (tenant is null)
        {
            return Fail("no such tenant");
        }

        // Under the /wiki context path the base path qsh is relative to is /t/{tenant}/wiki, as Confluence's is /wiki.
        var onWiki = WikiContextPath.IsTwin(Context);
        if (onWiki && tenant.ProductType != Tenant.Confluence)
        {
            return Fail("only Confluence tenants have the /wiki context path");
        }

        var rawTarget = Context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? Request.Path + Request.QueryString;
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var request = new RequestLine(
            Request.Method, queryStart < 0 ? rawTarget : rawTarget[..queryStart], queryStart < 0 ? null : rawTarget[queryStart..]);
        Installation? installation = null;
        var result = await validator.ValidateAsync(token, request, "/t/" + tenant.Key + (onWiki ? WikiContextPath.Segment : string.Empty), tenant.ClientKey,
            async (appKey, cancellationToken) =>
            {
                installation = await installations.FindAsync(tenant.Id, appKey, cancellationToken);
                return installation is { IsEnabled: true } ? installation.SharedSecret : null;
            },
            Context.RequestAborted);
        if (!result.Succeeded || installation is null)
        {
            return Fail(result.Failure ?? "no installation");
        }

        return Succeed(new AppCall(tenant, installation, result.Subject));
    }

    // A Forge app token is bound to one tenant (its base URL and clientKey) and one installation, which must still be
    // enabled; tokens minted before an uninstall or disable stop working at once.
    private async Task<AuthenticateResult> AuthenticateAppTokenAsync(string token)
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<ForgeAppTokenAccepted>() is null)
        {
            return Fail("a bearer token on an operation that takes Connect JWTs only");
        }

        var tenantKey = Context.GetRouteValue("tenant") as string;
        var tenant = TenantKeys.IsValid(tenantKey) ? await tenants.FindAsync(tenantKey!, Context.RequestAborted) : null;
        if (tenant is null)
        {
            return Fail("no such tenant");
        }

        var check = await appTokens.ValidateAsync(token, tenant.ClientKey, apiBaseUrl.Of(tenant), Context.RequestAborted);
        if (!check.Succeeded)
        {
            return Fail("app token: " + check.Failure);
        }

        var installation = await installations.FindAsync(tenant.Id, check.AppKey, Context.RequestAborted);
        return installation is { IsEnabled: true }
            ? Succeed(new AppCall(tenant, installation, check.AccountId))
            : Fail("app token of an installation that is not enabled");
    }

    private AuthenticateResult Succeed(AppCall call)
    {
        Context.Items[typeof(AppCall)] = call;
        var identity = new ClaimsIdentity(
            [new Claim("dm:app", call.Installation.AppKey), new Claim("dm:tenant", call.Tenant.Key)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private string? ReadBearerToken()
    {
        var header = Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Context.GetEndpoint()?.Metadata.GetMetadata<ForgeAppTokenAccepted>() is null ? "JWT" : "JWT, Bearer";
        await Response.WriteAsJsonAsync(new ConnectMessage(NotAConnectApp));
    }

    private string? ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("JWT ", StringComparison.OrdinalIgnoreCase))
        {
            return header[4..].Trim();
        }

        return Request.Query.TryGetValue("jwt", out var values) && values.Count == 1 ? values[0] : null;
    }

    private AuthenticateResult Fail(string reason)
    {
        LogRefused(Logger, Request.Method, Request.Path, reason);
        return AuthenticateResult.Fail(NotAConnectApp);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused app call {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string reason);
}
