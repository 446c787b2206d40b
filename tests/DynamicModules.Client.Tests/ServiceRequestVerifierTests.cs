using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DynamicModules.Client.Verification;
using DynamicModules.Protocol.Forge;
using DynamicModules.Protocol.Jose;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DynamicModules.Client.Tests;

/// <summary>
/// FIT verification through <see cref="ServiceKeys"/> over real HTTP: test FITs are signed with test keys that a tiny local
/// endpoint serves as <c>/.well-known/jwks.json</c>, so key rotation and refetching are exercised as against the service.
/// </summary>
public sealed class ServiceRequestVerifierTests : IAsyncLifetime
{
    private const string AppId = "ari:cloud:ecosystem::app/00000000-1111-2222-3333-444444444444";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly List<RSA> _published = [];
    private readonly Dictionary<RSA, string> _kids = [];
    private WebApplication _keyServer = null!;
    private string _keyServerUrl = "";
    private int _fetches;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _keyServer = builder.Build();
        _keyServer.MapGet("/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref _fetches);
            lock (_published)
            {
                return Results.Text(new JsonObject { ["keys"] = new JsonArray([.. _published.Select(Jwk)]) }.ToJsonString(), "application/json");
            }
        });
        await _keyServer.StartAsync();
        _keyServerUrl = _keyServer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    private JsonNode Jwk(RSA key)
    {
        var parameters = key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = _kids[key],
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64Url.Encode(parameters.Modulus),
            ["e"] = Base64Url.Encode(parameters.Exponent),
        };
    }

    private RSA Publish(string kid)
    {
        var key = RSA.Create(2048);
        _kids[key] = kid;
        lock (_published)
        {
            _published.Add(key);
        }

        return key;
    }

    private JsonObject Claims()
    {
        var now = _clock.GetUtcNow();
        return new JsonObject
        {
            ["iss"] = ForgeInvocationTokenValidator.Issuer,
            ["aud"] = AppId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["app"] = new JsonObject { ["id"] = AppId, ["installationId"] = "inst-1", ["apiBaseUrl"] = "http://127.0.0.1:5080/t/acme" },
            ["principal"] = "user-1",
        };
    }

    [Fact]
    public async Task VerifiesFitsAgainstTheFetchedKeySetAndFollowsARotation()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        using var keys = new ServiceKeys(http, _keyServerUrl, _clock);
        var verifier = new ServiceRequestVerifier(keys, _clock);
        var first = Publish("key-1");

        var result = await verifier.VerifyInvocationTokenAsync(JwtSigner.SignRs256(Claims(), first, "key-1"), AppId, ct);
        result.Succeeded.ShouldBeTrue(result.Failure);
        result.Token.Principal.ShouldBe("user-1");
        _fetches.ShouldBe(1);

        // Cached: a second token costs no fetch.
        (await verifier.VerifyInvocationTokenAsync(JwtSigner.SignRs256(Claims(), first, "key-1"), AppId, ct)).Succeeded.ShouldBeTrue();
        _fetches.ShouldBe(1);

        // The service rotates: a token with the new kid makes the verifier refetch, once the refresh interval allows.
        var second = Publish("key-2");
        _clock.Advance(TimeSpan.FromMinutes(2));
        var rotated = await verifier.VerifyInvocationTokenAsync(JwtSigner.SignRs256(Claims(), second, "key-2"), AppId, ct);
        rotated.Succeeded.ShouldBeTrue(rotated.Failure);
        _fetches.ShouldBe(2);

        // Unknown kids cannot make it fetch on every request.
        using var stranger = RSA.Create(2048);
        for (var i = 0; i < 5; i++)
        {
            (await verifier.VerifyInvocationTokenAsync(JwtSigner.SignRs256(Claims(), stranger, "key-x"), AppId, ct)).UnknownKey.ShouldBeTrue();
        }

        _fetches.ShouldBe(2);
    }

    [Fact]
    public async Task RefusesTamperedForeignAndExpiredFits()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        using var keys = new ServiceKeys(http, _keyServerUrl, _clock);
        var verifier = new ServiceRequestVerifier(keys, _clock);
        var key = Publish("key-1");
        var token = JwtSigner.SignRs256(Claims(), key, "key-1");

        var parts = token.Split('.');
        var claims = Claims();
        claims["principal"] = "admin";
        var tampered = parts[0] + "." + Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString())) + "." + parts[2];
        (await verifier.VerifyInvocationTokenAsync(tampered, AppId, ct)).Failure.ShouldBe("signature does not verify");
        (await verifier.VerifyInvocationTokenAsync(token, "ari:cloud:ecosystem::app/another", ct)).Failure.ShouldBe("aud does not name this app");
        (await verifier.VerifyInvocationTokenAsync(null, AppId, ct)).Succeeded.ShouldBeFalse();

        _clock.Advance(TimeSpan.FromMinutes(6));
        (await verifier.VerifyInvocationTokenAsync(token, AppId, ct)).Failure.ShouldBe("token has expired");
    }

    public async ValueTask DisposeAsync()
    {
        await _keyServer.StopAsync();
        await _keyServer.DisposeAsync();
        foreach (var key in _published)
        {
            key.Dispose();
        }
    }
}
