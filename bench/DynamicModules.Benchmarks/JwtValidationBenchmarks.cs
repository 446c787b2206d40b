using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DynamicModules.Benchmarks;

/// <summary>
/// One HS256 Connect token (the shape ACE sends: iss, iat, exp, qsh, aud) validated by our
/// <see cref="ConnectJwtValidator"/> and by Microsoft's <see cref="JsonWebTokenHandler"/> configured the same way
/// (the differential test's oracle, minus its extra Connect rules). Both check structure, algorithm, signature,
/// issuer, lifetime and audience; ours also checks qsh, which the handler cannot.
/// </summary>
[MemoryDiagnoser]
public class JwtValidationBenchmarks
{
    private const string TenantBasePath = "/t/acme";
    private const string TenantClientKey = "acme-client-key";
    private const string AppKey = "my-app";
    private const string SharedSecret = "shared-secret-of-my-app-in-acme-0123456789";

    private static readonly RequestLine Request =
        new("GET", TenantBasePath + "/rest/atlassian-connect/1/app/module/dynamic", "moduleKey=b&moduleKey=a");

    private static readonly Func<string, CancellationToken, ValueTask<string?>> FindSecret =
        (appKey, _) => ValueTask.FromResult<string?>(appKey == AppKey ? SharedSecret : null);

    private readonly ConnectJwtValidator ours = new(TimeProvider.System);
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private TokenValidationParameters parameters = null!;
    private string token = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        // Valid for the whole run: an expired token would be refused early and measure nothing.
        token = JwtSigner.SignHs256(new JsonObject
        {
            ["iss"] = AppKey,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(6).ToUnixTimeSeconds(),
            ["qsh"] = QueryStringHash.Compute(Request.Method, Request.RawPath, Request.RawQuery, TenantBasePath),
            ["aud"] = new JsonArray(TenantClientKey),
        }, SharedSecret);
        parameters = new TokenValidationParameters
        {
            ValidIssuer = AppKey,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SharedSecret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidAudience = TenantClientKey,
            RequireAudience = false,
            ClockSkew = ConnectJwtValidator.ClockLeeway,
        };
    }

    [Benchmark(Baseline = true, Description = "ConnectJwtValidator (ours)")]
    public async Task<bool> Ours() =>
        (await ours.ValidateAsync(token, Request, TenantBasePath, TenantClientKey, FindSecret, CancellationToken.None)).Succeeded;

    [Benchmark(Description = "JsonWebTokenHandler.ValidateTokenAsync")]
    public async Task<bool> Handler() => (await handler.ValidateTokenAsync(token, parameters)).IsValid;
}
