using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer {operator key}</c>. The key is compared in constant time over
/// SHA-256 digests, so neither its content nor its length leaks through timing.
/// </summary>
public sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DataDirectory dataDirectory,
    AdminSessionTokens adminSessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Operator";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = header["Bearer ".Length..].Trim();
        if (IsOperatorKey(presented))
        {
            return Task.FromResult(Success(OperatorClaims.AllTenants));
        }

        if (adminSessions.TryValidate(presented, out var tenantKey))
        {
            return Task.FromResult(Success(tenantKey));
        }

        return Task.FromResult(AuthenticateResult.Fail("The bearer token is not the operator key nor a valid admin link."));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Type = ProblemTypes.Unauthorized,
                Detail = WhyRefused(Request.Headers.Authorization.ToString()),
            },
        });
    }

    // Says which of the three things is wrong; it never says how close a wrong key came.
    private static string WhyRefused(string header) => header switch
    {
        "" => "No credentials: send the operator key (or an admin link's token) as 'Authorization: Bearer <token>'.",
        _ when !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header["Bearer ".Length..].Trim().Length == 0 =>
            "The Authorization header is malformed: expected 'Bearer <operator key>'.",
        _ => "The bearer token is not the operator key nor a valid admin link (admin links expire).",
    };

    private bool IsOperatorKey(string presented) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory.OperatorKey)));

    private static AuthenticateResult Success(string tenantScope)
    {
        var identity = new ClaimsIdentity([new Claim(OperatorClaims.TenantScope, tenantScope)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
