using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Tests.Connect;

public class ConnectJwtValidatorTests
{
    private const string TenantBasePath = "/t/acme";
    private const string TenantClientKey = "acme-client-key";
    private const string AppKey = "my-app";
    private const string AppSecret = "secret-of-my-app-in-acme";
    private const string OtherAppKey = "other-app";
    private const string OtherAppSecret = "secret-of-other-app-in-acme";
    private const string DisabledAppKey = "disabled-app";

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_100);
    private static readonly RequestLine Request =
        new("GET", TenantBasePath + "/rest/atlassian-connect/1/app/module/dynamic", "moduleKey=b&moduleKey=a");

    private readonly FixedTimeProvider _time = new(Now);
    private readonly List<string> _lookups = [];

    private static long Seconds(int offset) => Now.ToUnixTimeSeconds() + offset;

    private static string RelativeQsh => QueryStringHash.Compute(Request.Method, Request.RawPath, Request.RawQuery, TenantBasePath);

    private static string FullQsh => QueryStringHash.Compute(Request.Method, Request.RawPath, Request.RawQuery);

    private static JsonObject ValidClaims() => new()
    {
        ["iss"] = AppKey,
        ["iat"] = Seconds(-10),
        ["exp"] = Seconds(170),
        ["qsh"] = RelativeQsh,
    };

    private static JsonObject ValidClaimsWith(string name, JsonNode? value)
    {
        var claims = ValidClaims();
        claims[name] = value;
        return claims;
    }

    private static JsonObject ValidClaimsWithout(string name)
    {
        var claims = ValidClaims();
        claims.Remove(name);
        return claims;
    }

    // Signs exactly the given header text, for tokens JwtSigner would never produce.
    private static string SignWithHeader(string headerJson, JsonObject claims, string secret)
    {
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson)) + "." +
            Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.Encode(signature);
    }

    private ValueTask<string?> FindSharedSecret(string appKey, CancellationToken cancellationToken)
    {
        _lookups.Add(appKey);
        return ValueTask.FromResult(appKey switch
        {
            AppKey => AppSecret,
            OtherAppKey => OtherAppSecret,
            _ => null,
        });
    }

    private ValueTask<ConnectJwtValidationResult> ValidateAsync(string? token, RequestLine? request = null) =>
        new ConnectJwtValidator(_time).ValidateAsync(
            token, request ?? Request, TenantBasePath, TenantClientKey, FindSharedSecret, TestContext.Current.CancellationToken);

    private async Task<string> ShouldFailAsync(string? token, RequestLine? request = null)
    {
        var result = await ValidateAsync(token, request);
        result.Succeeded.ShouldBeFalse();
        result.AppKey.ShouldBeNull();
        result.Subject.ShouldBeNull();
        result.Failure.ShouldNotBeNullOrWhiteSpace();
        return result.Failure!;
    }

    private async Task ShouldSucceedAsync(string token, string? subject = null)
    {
        var result = await ValidateAsync(token);
        result.Failure.ShouldBeNull();
        result.Succeeded.ShouldBeTrue();
        result.AppKey.ShouldBe(AppKey);
        result.Subject.ShouldBe(subject);
    }

    [Fact]
    public async Task ValidatorAcceptsQshOverPathRelativeToTenant() =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaims(), AppSecret));

    [Fact]
    public async Task ValidatorAcceptsQshOverFullPath()
    {
        FullQsh.ShouldNotBe(RelativeQsh);
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("qsh", FullQsh), AppSecret));
    }

    [Fact]
    public async Task ValidatorAcceptsTokenWithoutAudAsApp()
    {
        var result = await ValidateAsync(JwtSigner.SignHs256(ValidClaims(), AppSecret));

        result.Succeeded.ShouldBeTrue();
        result.Subject.ShouldBeNull();
    }

    [Fact]
    public async Task ValidatorAcceptsAudArrayNamingTenant() =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", new JsonArray(TenantClientKey)), AppSecret));

    [Fact]
    public async Task ValidatorAcceptsAudStringNamingTenant() =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", TenantClientKey), AppSecret));

    [Fact]
    public async Task ValidatorAcceptsAudArrayNamingTenantAmongOthers() =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", new JsonArray("globex-client-key", TenantClientKey)), AppSecret));

    [Fact]
    public async Task ValidatorReportsSubAsActingUser() =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("sub", "557058:user-account-id"), AppSecret), "557058:user-account-id");

    [Fact]
    public async Task ValidatorAcceptsClaimsInAnyOrder()
    {
        var claims = new JsonObject
        {
            ["qsh"] = RelativeQsh,
            ["aud"] = new JsonArray(TenantClientKey),
            ["exp"] = Seconds(170),
            ["sub"] = "user-1",
            ["iat"] = Seconds(-10),
            ["iss"] = AppKey,
        };

        await ShouldSucceedAsync(JwtSigner.SignHs256(claims, AppSecret), "user-1");
    }

    [Fact]
    public async Task ValidatorAcceptsQshIgnoringJwtQueryParameter()
    {
        var token = JwtSigner.SignHs256(ValidClaims(), AppSecret);
        var request = Request with { RawQuery = Request.RawQuery + "&jwt=" + token };

        (await ValidateAsync(token, request)).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public async Task ValidatorRefusesMissingToken(string? token)
    {
        await ShouldFailAsync(token);
        _lookups.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidatorRefusesAlgNoneWithoutSignature()
    {
        var token = Base64Url.Encode("""{"typ":"JWT","alg":"none"}"""u8) + "." +
            Base64Url.Encode(Encoding.UTF8.GetBytes(ValidClaims().ToJsonString())) + ".";

        (await ShouldFailAsync(token)).ShouldContain("alg");
        _lookups.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"typ":"JWT","alg":"none"}""")]
    [InlineData("""{"typ":"JWT","alg":"None"}""")]
    [InlineData("""{"typ":"JWT","alg":"hs256"}""")]
    [InlineData("""{"typ":"JWT","alg":"HS256 "}""")]
    [InlineData("""{"typ":"JWT","alg":"HS512"}""")]
    [InlineData("""{"typ":"JWT","alg":"RS256"}""")]
    public async Task ValidatorRefusesAnyAlgorithmButHs256EvenWithValidHmac(string header)
    {
        (await ShouldFailAsync(SignWithHeader(header, ValidClaims(), AppSecret))).ShouldContain("alg");
        _lookups.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidatorRefusesRs256TokenSignedWithRealRsaKey()
    {
        using var rsa = RSA.Create(2048);
        await ShouldFailAsync(JwtSigner.SignRs256(ValidClaims(), rsa, "key-1"));
    }

    [Fact]
    public async Task ValidatorRefusesTokenSignedWithAnotherSecret() =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaims(), "not-the-secret"))).ShouldContain("signature");

    [Fact]
    public async Task ValidatorRefusesTokenSignedWithSecretOfAnotherInstallation()
    {
        // The same app's installation in another tenant, and another app's installation in this tenant.
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaims(), "secret-of-my-app-in-globex"))).ShouldContain("signature");
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaims(), OtherAppSecret))).ShouldContain("signature");
    }

    [Fact]
    public async Task ValidatorRefusesUnknownIssuer()
    {
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("iss", "stranger-app"), AppSecret))).ShouldContain("installation");
        _lookups.ShouldBe(["stranger-app"]);
    }

    [Fact]
    public async Task ValidatorRefusesIssuerWithoutEnabledInstallation() =>
        await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("iss", DisabledAppKey), AppSecret));

    [Fact]
    public async Task ValidatorRefusesWhenLookupReturnsEmptySecret()
    {
        // An empty HMAC key would make every token forgeable.
        var token = JwtSigner.SignHs256(ValidClaims(), "");
        var result = await new ConnectJwtValidator(_time).ValidateAsync(
            token, Request, TenantBasePath, TenantClientKey, (_, _) => ValueTask.FromResult<string?>(""), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(42)]
    [InlineData(null)]
    public async Task ValidatorRefusesMissingOrMalformedIssuer(object? iss)
    {
        var claims = ValidClaimsWith("iss", iss is null ? null : JsonValue.Create(iss));
        (await ShouldFailAsync(JwtSigner.SignHs256(claims, AppSecret))).ShouldContain("iss");
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWithout("iss"), AppSecret))).ShouldContain("iss");
        _lookups.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidatorRefusesTamperedClaims()
    {
        var token = JwtSigner.SignHs256(ValidClaims(), AppSecret);
        var parts = token.Split('.');
        var longer = ValidClaimsWith("exp", Seconds(100_000));
        var tampered = parts[0] + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(longer.ToJsonString())) + "." + parts[2];

        (await ShouldFailAsync(tampered)).ShouldContain("signature");
    }

    [Fact]
    public async Task ValidatorRefusesTokenForgedWithOtherAppsSecretUnderItsOwnIss()
    {
        // other-app can sign as itself, but claiming iss my-app with its own secret must fail.
        var forged = JwtSigner.SignHs256(ValidClaims(), OtherAppSecret);
        (await ShouldFailAsync(forged)).ShouldContain("signature");
        _lookups.ShouldBe([AppKey]);
    }

    [Fact]
    public async Task ValidatorRefusesTokenExpiredBeyondLeeway() =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("exp", Seconds(-31)), AppSecret))).ShouldContain("expired");

    [Theory]
    [InlineData(-30)]
    [InlineData(-29)]
    [InlineData(-1)]
    public async Task ValidatorAcceptsTokenExpiredWithinLeeway(int expOffset) =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("exp", Seconds(expOffset)), AppSecret));

    [Fact]
    public async Task ValidatorRefusesTokenOnceClockPassesLeeway()
    {
        var token = JwtSigner.SignHs256(ValidClaimsWith("exp", Seconds(0)), AppSecret);
        (await ValidateAsync(token)).Succeeded.ShouldBeTrue();

        _time.Now = Now.AddSeconds(30.5);
        (await ShouldFailAsync(token)).ShouldContain("expired");
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("iat")]
    public async Task ValidatorRefusesTokenMissingTimeClaim(string claim) =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWithout(claim), AppSecret))).ShouldContain(claim);

    [Theory]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("nbf")]
    public async Task ValidatorRefusesNonNumericTimeClaim(string claim) =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith(claim, Seconds(0).ToString()), AppSecret))).ShouldContain(claim);

    [Theory]
    [InlineData(1e300)]
    [InlineData(253_402_300_800)]
    public async Task ValidatorRefusesExpOutsideTheYears1To9999(double exp) =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("exp", exp), AppSecret))).ShouldContain("exp");

    [Fact]
    public async Task ValidatorRefusesTokenIssuedMoreThanLeewayInFuture() =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("iat", Seconds(31)), AppSecret))).ShouldContain("iat");

    [Fact]
    public async Task ValidatorAcceptsTokenIssuedWithinLeewayInFuture() =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("iat", Seconds(30)), AppSecret));

    [Fact]
    public async Task ValidatorRefusesTokenNotYetValid() =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("nbf", Seconds(31)), AppSecret))).ShouldContain("nbf");

    [Fact]
    public async Task ValidatorAcceptsNbfWithinLeeway() =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("nbf", Seconds(30)), AppSecret));

    [Fact]
    public async Task ValidatorAcceptsFractionalTimeClaims() =>
        await ShouldSucceedAsync(JwtSigner.SignHs256(ValidClaimsWith("exp", Seconds(60) + 0.5), AppSecret));

    [Fact]
    public async Task ValidatorRefusesTokenMissingQsh() =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWithout("qsh"), AppSecret))).ShouldContain("qsh");

    [Fact]
    public async Task ValidatorRefusesNonStringQsh() =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("qsh", 7), AppSecret))).ShouldContain("qsh");

    [Fact]
    public async Task ValidatorRefusesContextQsh() =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("qsh", "context-qsh"), AppSecret))).ShouldContain("context-qsh");

    [Theory]
    [InlineData("POST", "/t/acme/rest/atlassian-connect/1/app/module/dynamic", "moduleKey=b&moduleKey=a")]
    [InlineData("GET", "/t/acme/rest/atlassian-connect/1/app/module/dynamic", "moduleKey=b")]
    [InlineData("GET", "/t/acme/rest/atlassian-connect/1/app/module/dynamic", null)]
    [InlineData("GET", "/t/acme/rest/dynamic-modules/1/quota", "moduleKey=b&moduleKey=a")]
    [InlineData("GET", "/t/globex/rest/atlassian-connect/1/app/module/dynamic", "moduleKey=b&moduleKey=a")]
    public async Task ValidatorRefusesQshOfAnotherRequest(string method, string rawPath, string? rawQuery) =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaims(), AppSecret), new RequestLine(method, rawPath, rawQuery))).ShouldContain("qsh");

    [Fact]
    public async Task ValidatorRefusesQshInUpperCaseHex() =>
        await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("qsh", RelativeQsh.ToUpperInvariant()), AppSecret));

    [Fact]
    public async Task ValidatorRefusesAudNamingOnlyAnotherTenant()
    {
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", new JsonArray("globex-client-key")), AppSecret))).ShouldContain("aud");
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", "globex-client-key"), AppSecret))).ShouldContain("aud");
    }

    [Fact]
    public async Task ValidatorRefusesAudWithNonStringEntry() =>
        await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", new JsonArray(TenantClientKey, 42)), AppSecret));

    [Fact]
    public async Task ValidatorRefusesEmptyOrMalformedAud()
    {
        await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", new JsonArray()), AppSecret));
        await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", null), AppSecret));
        await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", new JsonObject { ["key"] = TenantClientKey }), AppSecret));
        await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("aud", TenantClientKey.ToUpperInvariant()), AppSecret));
    }

    [Theory]
    [InlineData("")]
    [InlineData(5)]
    public async Task ValidatorRefusesMalformedSub(object sub) =>
        (await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("sub", JsonValue.Create(sub)), AppSecret))).ShouldContain("sub");

    [Theory]
    [InlineData("not base64!.eyJ9.AAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30=.AAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.%%%.AAAA")]
    public async Task ValidatorRefusesMalformedBase64(string token)
    {
        (await ShouldFailAsync(token)).ShouldContain("base64url");
        _lookups.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[\"iss\",\"my-app\"]")]
    [InlineData("\"my-app\"")]
    public async Task ValidatorRefusesMalformedJsonClaims(string claimsJson)
    {
        var token = Base64Url.Encode("""{"alg":"HS256"}"""u8) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claimsJson)) + ".AAAA";

        (await ShouldFailAsync(token)).ShouldContain("JSON");
        _lookups.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidatorRefusesHundredKilobyteTokenWithoutLookup()
    {
        var token = JwtSigner.SignHs256(ValidClaimsWith("pad", new string('x', 100 * 1024)), AppSecret);

        (await ShouldFailAsync(token)).ShouldContain("longer than");
        _lookups.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidatorRefusesJweShapedToken()
    {
        var token = Base64Url.Encode("""{"alg":"dir","enc":"A128CBC-HS256"}"""u8) + "..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";

        (await ShouldFailAsync(token)).ShouldContain("JWE");
        _lookups.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task ValidatorRefusesWrongSegmentCount(int segments)
    {
        var parts = JwtSigner.SignHs256(ValidClaims(), AppSecret).Split('.').ToList();
        while (parts.Count < segments)
        {
            parts.Add(parts[^1]);
        }

        await ShouldFailAsync(string.Join('.', parts.Take(segments)));
        _lookups.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidatorRefusesDuplicateIssClaim()
    {
        // Two readers might pick different duplicates; a strict reader removes the ambiguity.
        var json = ValidClaims().ToJsonString().Replace("\"iss\":\"my-app\"", "\"iss\":\"my-app\",\"iss\":\"other-app\"");
        var signingInput = Base64Url.Encode("""{"alg":"HS256"}"""u8) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(json));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.ASCII.GetBytes(signingInput));

        await ShouldFailAsync(signingInput + "." + Base64Url.Encode(signature));
        _lookups.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidatorQuotesAndShortensAttackerChosenIssuerInFailure()
    {
        var iss = "evil\nFAKE LOG LINE" + new string('x', 500);

        var failure = await ShouldFailAsync(JwtSigner.SignHs256(ValidClaimsWith("iss", iss), AppSecret));

        failure.ShouldNotContain("\n");
        failure.Length.ShouldBeLessThan(200);
    }

    [Theory]
    [InlineData("""{"alg":"\ud800"}""", """{"iss":"my-app"}""")]
    [InlineData("""{"alg":"HS256"}""", """{"iss":"\ud800"}""")]
    [InlineData("""{"alg":"HS256"}""", """{"iss":"my-app","sub":"\udc00x"}""")]
    [InlineData("""{"alg":"HS256"}""", """{"iss":"my-app","\ud800":1}""")]
    public async Task ValidatorRefusesLoneSurrogateEscapesWithoutThrowing(string header, string claims)
    {
        var token = Base64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claims)) + ".AAAA";

        await ShouldFailAsync(token);
        _lookups.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidatorRefusesEverySingleCharacterChangeWithoutThrowing()
    {
        var token = JwtSigner.SignHs256(ValidClaimsWith("sub", "user-1"), AppSecret);
        (await ValidateAsync(token)).Succeeded.ShouldBeTrue();

        foreach (var replacement in "A_-.=\"\\")
        {
            for (var i = 0; i < token.Length; i++)
            {
                if (token[i] == replacement)
                {
                    continue;
                }

                var mutated = token[..i] + replacement + token[(i + 1)..];
                (await ValidateAsync(mutated)).Succeeded.ShouldBeFalse(mutated);
            }
        }
    }
}
