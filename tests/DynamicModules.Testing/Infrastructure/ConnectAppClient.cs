using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// An HttpClient that signs every request as an installed Connect app does (ACE style: HS256, iss = app
/// key, aud = [clientKey], qsh over the path relative to the tenant base URL). Knobs produce the
/// variants real clients send (jira.js: no aud, full-path qsh) and the broken tokens of the attack suite.
/// </summary>
public sealed class ConnectAppClient : DelegatingHandler
{
    private readonly string _tenantBasePath;

    public ConnectAppClient(string appKey, string sharedSecret, string clientKey, string tenantBaseUrl)
        : base(new DocumentedResponses(new Uri(tenantBaseUrl).GetLeftPart(UriPartial.Authority), new SocketsHttpHandler()))
    {
        AppKey = appKey;
        SharedSecret = sharedSecret;
        ClientKey = clientKey;
        _tenantBasePath = new Uri(tenantBaseUrl).AbsolutePath.TrimEnd('/');
        Http = new HttpClient(this) { BaseAddress = new Uri(tenantBaseUrl.TrimEnd('/') + "/") };
    }

    public HttpClient Http { get; }

    public string AppKey { get; set; }

    public string SharedSecret { get; set; }

    public string ClientKey { get; set; }

    /// <summary>The acting user (asUser) or null (asApp).</summary>
    public string? Subject { get; set; }

    /// <summary>Send aud = [clientKey] (ACE) or none (jira.js, ACSB).</summary>
    public bool SendAudience { get; set; } = true;

    /// <summary>Compute qsh over the full path, as jira.js does, instead of relative to the tenant base.</summary>
    public bool FullPathQsh { get; set; }

    /// <summary>Put the token in ?jwt= instead of the header.</summary>
    public bool TokenInQuery { get; set; }

    /// <summary>Last chance to change the claims before signing (attack cases).</summary>
    public Action<JsonObject>? EditClaims { get; set; }

    /// <summary>Replaces the whole token (attack cases); gets the correctly signed one.</summary>
    public Func<string, string>? EditToken { get; set; }

    public JsonObject Claims(HttpMethod method, Uri uri)
    {
        var now = DateTimeOffset.UtcNow;
        var path = uri.AbsolutePath;
        var claims = new JsonObject
        {
            ["iss"] = AppKey,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(3).ToUnixTimeSeconds(),
            ["qsh"] = QueryStringHash.Compute(method.Method, path, uri.Query, FullPathQsh ? "" : _tenantBasePath),
        };
        if (SendAudience)
        {
            claims["aud"] = new JsonArray(ClientKey);
        }

        if (Subject is not null)
        {
            claims["sub"] = Subject;
        }

        EditClaims?.Invoke(claims);
        return claims;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = JwtSigner.SignHs256(Claims(request.Method, request.RequestUri!), SharedSecret);
        token = EditToken?.Invoke(token) ?? token;
        if (TokenInQuery)
        {
            var separator = string.IsNullOrEmpty(request.RequestUri!.Query) ? "?" : "&";
            request.RequestUri = new Uri(request.RequestUri + separator + "jwt=" + Uri.EscapeDataString(token));
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("JWT", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
