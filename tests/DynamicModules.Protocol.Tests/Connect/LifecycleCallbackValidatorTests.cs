using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using Microsoft.Extensions.Time.Testing;

namespace DynamicModules.Protocol.Tests.Connect;

public sealed class LifecycleCallbackValidatorTests : IDisposable
{
    private const string AppBaseUrl = "https://app.example.com/connect";
    private const string ClientKey = "tenant-client-key";
    private const string KeyId = "dm-0123456789abcdef";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly RequestLine Installed = new("POST", "/connect/installed", null);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly RSA _key = RSA.Create(2048);
    private readonly List<string> _lookedUp = [];

    private static JsonObject Claims() => new()
    {
        ["iss"] = ClientKey,
        ["aud"] = new JsonArray(AppBaseUrl),
        ["iat"] = Now.ToUnixTimeSeconds(),
        ["exp"] = Now.AddMinutes(3).ToUnixTimeSeconds(),
        // The published vector: POST /connect/installed relative to https://app.example.com/connect (connect.md §2.6).
        ["qsh"] = "4a2e1de8ca74e6cafe8862d332fa3ac7a8e51e692bc6d798ea4dfedc14948bf4",
    };

    private ValueTask<LifecycleCallbackValidationResult> ValidateAsync(string token, RequestLine? request = null, string clientKey = ClientKey) =>
        new LifecycleCallbackValidator(_clock).ValidateAsync(token, request ?? Installed, AppBaseUrl, clientKey, (kid, _) =>
        {
            _lookedUp.Add(kid);
            return ValueTask.FromResult<RSA?>(kid == KeyId ? _key : null);
        }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task AcceptsTheServicesSignedInstall()
    {
        var result = await ValidateAsync(JwtSigner.SignRs256(Claims(), _key, KeyId));
        result.Succeeded.ShouldBeTrue(result.Failure);
        result.ClientKey.ShouldBe(ClientKey);
        _lookedUp.ShouldBe([KeyId]);
    }

    [Fact]
    public async Task RefusesAnInstallForAnotherClientKeyPathOrApp()
    {
        var token = JwtSigner.SignRs256(Claims(), _key, KeyId);
        (await ValidateAsync(token, clientKey: "someone-else")).Failure.ShouldBe("iss is not the payload's clientKey");
        (await ValidateAsync(token, new RequestLine("POST", "/connect/uninstalled", null))).Failure.ShouldBe("qsh does not match the request");

        var otherApp = Claims();
        otherApp["aud"] = new JsonArray("https://evil.example.com");
        (await ValidateAsync(JwtSigner.SignRs256(otherApp, _key, KeyId))).Failure.ShouldBe("aud does not name the app base URL");
    }

    [Fact]
    public async Task RefusesHmacTokensAndUnknownOrUnsafeKeyIdsWithoutFetchingThem()
    {
        (await ValidateAsync(JwtSigner.SignHs256(Claims(), "attacker-chosen"))).Failure.ShouldBe("alg \"HS256\" is not RS256");
        (await ValidateAsync(JwtSigner.SignRs256(Claims(), _key, "../../admin"))).Failure.ShouldBe("header kid is missing or not a plain key id");
        _lookedUp.ShouldBeEmpty();

        (await ValidateAsync(JwtSigner.SignRs256(Claims(), _key, "dm-unknown"))).Failure.ShouldBe("no public key for kid \"dm-unknown\"");
    }

    [Fact]
    public async Task RefusesAnotherKeysSignatureAndAnExpiredToken()
    {
        using var other = RSA.Create(2048);
        (await ValidateAsync(JwtSigner.SignRs256(Claims(), other, KeyId))).Failure.ShouldBe("signature does not verify");

        var token = JwtSigner.SignRs256(Claims(), _key, KeyId);
        _clock.Advance(TimeSpan.FromMinutes(4));
        (await ValidateAsync(token)).Failure.ShouldBe("token has expired");
    }

    public void Dispose() => _key.Dispose();
}
