using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using DynamicModules.Protocol.Forge;
using DynamicModules.Protocol.Jose;
using Microsoft.Extensions.Time.Testing;

namespace DynamicModules.Protocol.Tests.Forge;

public sealed class ForgeInvocationTokenValidatorTests : IDisposable
{
    private const string AppId = "ari:cloud:ecosystem::app/6f1c1d2e-6a0b-4a53-9d8c-2f3b7e9c1a11";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly TestSigningKey _key = new("fit-key-1");
    private readonly ForgeInvocationTokenValidator _validator;

    public ForgeInvocationTokenValidatorTests() => _validator = new ForgeInvocationTokenValidator(_clock);

    private static JsonObject Claims() => new()
    {
        ["iss"] = ForgeInvocationTokenValidator.Issuer,
        ["aud"] = AppId,
        ["iat"] = Now.ToUnixTimeSeconds(),
        ["nbf"] = Now.ToUnixTimeSeconds(),
        ["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds(),
        ["jti"] = "0b8d6f3e-1111-2222-3333-444455556666",
        ["app"] = new JsonObject
        {
            ["id"] = AppId,
            ["appVersion"] = "2.1.0",
            ["installationId"] = "ari:cloud:ecosystem::installation/abc",
            ["apiBaseUrl"] = "http://127.0.0.1:5080/t/acme",
            ["environment"] = new JsonObject { ["type"] = "PRODUCTION", ["id"] = "env-1" },
            ["module"] = new JsonObject { ["type"] = "trigger", ["key"] = "on-issue" },
        },
        ["context"] = new JsonObject { ["cloudId"] = "client-key-1" },
        ["principal"] = "557058:user-1",
    };

    private string Sign(JsonObject claims) => JwtSigner.SignRs256(claims, _key.Rsa, _key.KeyId);

    private ForgeInvocationTokenValidationResult Validate(string token) => _validator.Validate(token, _key.Parsed(), AppId);

    [Fact]
    public void AcceptsAFitSignedByAKeyOfTheSetAndReadsItsClaims()
    {
        var result = Validate(Sign(Claims()));
        result.Succeeded.ShouldBeTrue(result.Failure);
        var token = result.Token;
        token.AppId.ShouldBe(AppId);
        token.InstallationId.ShouldBe("ari:cloud:ecosystem::installation/abc");
        token.ApiBaseUrl.ShouldBe("http://127.0.0.1:5080/t/acme");
        token.AppVersion.ShouldBe("2.1.0");
        token.EnvironmentType.ShouldBe("PRODUCTION");
        token.ModuleType.ShouldBe("trigger");
        token.ModuleKey.ShouldBe("on-issue");
        token.Principal.ShouldBe("557058:user-1");
        token.TokenId.ShouldBe("0b8d6f3e-1111-2222-3333-444455556666");
        token.ExpiresAt.ShouldBe(Now.AddMinutes(5));
        token.Context.GetProperty("cloudId").GetString().ShouldBe("client-key-1");
    }

    [Fact]
    public void AcceptsAnAudienceArrayAndNoPrincipal()
    {
        var claims = Claims();
        claims["aud"] = new JsonArray("other", AppId);
        claims.Remove("principal");
        var result = Validate(Sign(claims));
        result.Succeeded.ShouldBeTrue(result.Failure);
        result.Token.Principal.ShouldBeNull();
    }

    [Theory]
    [InlineData("iss", "forge/other-token", "iss is not")]
    [InlineData("aud", "ari:cloud:ecosystem::app/another", "aud does not name this app")]
    [InlineData("exp", null, "exp is missing")]
    [InlineData("iat", null, "iat is missing")]
    [InlineData("app", null, "app is missing")]
    public void RefusesWrongOrMissingClaims(string claim, string? value, string failure)
    {
        var claims = Claims();
        if (value is null)
        {
            claims.Remove(claim);
        }
        else
        {
            claims[claim] = value;
        }

        var result = Validate(Sign(claims));
        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldStartWith(failure);
    }

    [Fact]
    public void RefusesAnAppClaimNamingAnotherApp()
    {
        var claims = Claims();
        claims["app"]!["id"] = "ari:cloud:ecosystem::app/another";
        Validate(Sign(claims)).Failure.ShouldBe("app.id does not name this app");
    }

    [Fact]
    public void AllowsClockSkewWithinTheLeewayAndNoMore()
    {
        var token = Sign(Claims());
        _clock.Advance(TimeSpan.FromMinutes(5) + ForgeInvocationTokenValidator.ClockLeeway);
        Validate(token).Succeeded.ShouldBeTrue();
        _clock.Advance(TimeSpan.FromSeconds(1));
        Validate(token).Failure.ShouldBe("token has expired");
    }

    [Fact]
    public void RefusesATokenNotYetValid()
    {
        var claims = Claims();
        claims["nbf"] = Now.AddMinutes(1).ToUnixTimeSeconds();
        Validate(Sign(claims)).Failure.ShouldBe("token is not yet valid (nbf)");
    }

    [Fact]
    public void PinsRs256AgainstHmacWithThePublicKeyAndUnsignedTokens()
    {
        // The key-confusion attack: HS256 keyed with the public key a verifier holds.
        var hmac = JwtSigner.SignHs256(Claims(), _key.Rsa.ExportSubjectPublicKeyInfoPem());
        Validate(hmac).Failure.ShouldBe("alg \"HS256\" is not RS256");

        var header = Base64Url.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"kid\":\"fit-key-1\"}"));
        var payload = Base64Url.Encode(Encoding.UTF8.GetBytes(Claims().ToJsonString()));
        Validate($"{header}.{payload}.").Failure.ShouldBe("alg \"none\" is not RS256");
    }

    [Fact]
    public void SaysWhenTheKidIsUnknownSoACallerCanRefreshTheKeySet()
    {
        using var other = new TestSigningKey("fit-key-2");
        var result = Validate(JwtSigner.SignRs256(Claims(), other.Rsa, other.KeyId));
        result.Succeeded.ShouldBeFalse();
        result.UnknownKey.ShouldBeTrue();

        // A known kid with another key's signature is a forgery, not a stale set.
        var forged = Validate(JwtSigner.SignRs256(Claims(), other.Rsa, _key.KeyId));
        forged.Failure.ShouldBe("signature does not verify");
        forged.UnknownKey.ShouldBeFalse();
    }

    [Fact]
    public void AnyChangedCharacterOfASignedTokenIsRefused()
    {
        var token = Sign(Claims());
        var keys = _key.Parsed();
        Gen.Int[0, token.Length - 1].Select(Gen.Char['-', 'z']).Sample((index, replacement) =>
        {
            if (token[index] == replacement || token[index] == '.')
            {
                return true;
            }

            var tampered = string.Concat(token.AsSpan(0, index), replacement.ToString(), token.AsSpan(index + 1));
            return !_validator.Validate(tampered, keys, AppId).Succeeded;
        }, iter: 300);
    }

    public void Dispose() => _key.Dispose();
}
