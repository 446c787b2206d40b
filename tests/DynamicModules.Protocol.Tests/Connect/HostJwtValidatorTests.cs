using System.Text.Json.Nodes;
using CsCheck;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using Microsoft.Extensions.Time.Testing;

namespace DynamicModules.Protocol.Tests.Connect;

public sealed class HostJwtValidatorTests
{
    private const string ClientKey = "tenant-client-key";
    private const string SharedSecret = "shared-secret-for-tests";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly RequestLine Delivery = new("POST", "/connect/events/on-issue", null);

    private readonly FakeTimeProvider _clock = new(Now);

    private static JsonObject Claims() => new()
    {
        ["iss"] = ClientKey,
        ["iat"] = Now.ToUnixTimeSeconds(),
        ["exp"] = Now.AddMinutes(1).ToUnixTimeSeconds(),
        ["qsh"] = QueryStringHash.Compute("POST", "/events/on-issue", null),
    };

    private ValueTask<HostJwtValidationResult> ValidateAsync(string token, RequestLine? request = null) =>
        new HostJwtValidator(_clock).ValidateAsync(token, request ?? Delivery, "/connect",
            (clientKey, _) => ValueTask.FromResult(clientKey == ClientKey ? SharedSecret : null), TestContext.Current.CancellationToken);

    [Fact]
    public async Task AcceptsADeliverySignedWithTheInstallationsSecret()
    {
        var result = await ValidateAsync(JwtSigner.SignHs256(Claims(), SharedSecret));
        result.Succeeded.ShouldBeTrue(result.Failure);
        result.ClientKey.ShouldBe(ClientKey);
    }

    [Fact]
    public async Task RefusesOtherSecretsTenantsPathsAndLifetimes()
    {
        (await ValidateAsync(JwtSigner.SignHs256(Claims(), "another-secret"))).Failure.ShouldBe("signature does not verify");

        var stranger = Claims();
        stranger["iss"] = "unknown-tenant";
        (await ValidateAsync(JwtSigner.SignHs256(stranger, SharedSecret))).Failure.ShouldBe("no installation for clientKey \"unknown-tenant\"");

        var token = JwtSigner.SignHs256(Claims(), SharedSecret);
        (await ValidateAsync(token, new RequestLine("POST", "/connect/events/other", null))).Failure.ShouldBe("qsh does not match the request");
        _clock.Advance(TimeSpan.FromMinutes(2));
        (await ValidateAsync(token)).Failure.ShouldBe("token has expired");
    }

    [Fact]
    public async Task RefusesTheVerifiedTokenOfAnotherApp()
    {
        // The published HS256 vector (connect.md §2.6) is app→host: its qsh names the dynamic-modules path, not this one.
        const string vector = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJjb25mb3JtYW5jZS10ZXN0LWFwcCIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMTgwLCJxc2giOiI3ZTM0NmQzODdmMzcwNWNjYzI0N2I1MGI2MDdjYzkyYzk1YzcyYTIzNGNhMDlkYTVkODA1NWVhZjAxZjkzN2YyIiwiYXVkIjpbInRlc3QtdGVuYW50LTAwMDEiXX0.7gKEQuXWAK0gYCb_IMnq_bpHQVHCn9wf5ekgCDOR0YU";
        var vectorTime = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_060));
        var result = await new HostJwtValidator(vectorTime).ValidateAsync(vector, new RequestLine("GET", "/rest/atlassian-connect/1/app/module/dynamic", null), "",
            (iss, _) => ValueTask.FromResult<string?>(iss == "conformance-test-app" ? SharedSecret : null), TestContext.Current.CancellationToken);
        result.Succeeded.ShouldBeTrue(result.Failure);

        var elsewhere = await new HostJwtValidator(vectorTime).ValidateAsync(vector, Delivery, "/connect",
            (_, _) => ValueTask.FromResult<string?>(SharedSecret), TestContext.Current.CancellationToken);
        elsewhere.Failure.ShouldBe("qsh does not match the request");
    }

    [Fact]
    public void AnyChangedCharacterIsRefused()
    {
        var token = JwtSigner.SignHs256(Claims(), SharedSecret);
        Gen.Int[0, token.Length - 1].Select(Gen.Char['-', 'z']).Sample((index, replacement) =>
        {
            if (token[index] == replacement || token[index] == '.')
            {
                return true;
            }

            var tampered = string.Concat(token.AsSpan(0, index), replacement.ToString(), token.AsSpan(index + 1));
            return !ValidateAsync(tampered).AsTask().GetAwaiter().GetResult().Succeeded;
        }, iter: 300);
    }
}
