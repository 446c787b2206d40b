using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Tests.Jose;

public class JwsTokenTests
{
    private const string Secret = "a-shared-secret";

    private static string Segment(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    // Signs exactly the given header and claims text, so tests control order, duplicates and shape.
    private static string SignRaw(string headerJson, string claimsJson, string secret = Secret)
    {
        var signingInput = Segment(headerJson) + "." + Segment(claimsJson);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.Encode(signature);
    }

    private static string ParseFailure(string? token)
    {
        JwsToken.TryParse(token, out var jws, out var failure).ShouldBeFalse();
        jws.ShouldBeNull();
        return failure;
    }

    [Fact]
    public void ParseExposesHeaderClaimsSigningInputAndSignature()
    {
        var token = SignRaw("""{"typ":"JWT","alg":"HS256","kid":"k1"}""", """{"iss":"app","n":1}""");

        JwsToken.TryParse(token, out var jws, out var failure).ShouldBeTrue();
        failure.ShouldBeNull();
        jws.Algorithm.ShouldBe("HS256");
        jws.KeyId.ShouldBe("k1");
        jws.Header.GetProperty("typ").GetString().ShouldBe("JWT");
        jws.Claims.GetProperty("n").GetInt32().ShouldBe(1);
        Encoding.ASCII.GetString(jws.SigningInput).ShouldBe(token[..token.LastIndexOf('.')]);
        Base64Url.Encode(jws.Signature).ShouldBe(token[(token.LastIndexOf('.') + 1)..]);
        jws.VerifyHs256(Secret).ShouldBeTrue();
    }

    [Fact]
    public void VerificationDoesNotDependOnClaimOrder()
    {
        var forward = SignRaw("""{"alg":"HS256"}""", """{"iss":"app","exp":2,"qsh":"x"}""");
        var backward = SignRaw("""{"alg":"HS256"}""", """{"qsh":"x","exp":2,"iss":"app"}""");

        foreach (var token in new[] { forward, backward })
        {
            JwsToken.TryParse(token, out var jws, out _).ShouldBeTrue();
            jws.VerifyHs256(Secret).ShouldBeTrue();
        }
    }

    [Fact]
    public void VerifyHs256FailsWithWrongOrEmptySecret()
    {
        JwsToken.TryParse(SignRaw("""{"alg":"HS256"}""", "{}"), out var jws, out _).ShouldBeTrue();
        jws.VerifyHs256("another-secret").ShouldBeFalse();
        jws.VerifyHs256("").ShouldBeFalse();
    }

    [Fact]
    public void VerifyHs256FailsWhenHeaderNamesAnotherAlgorithm()
    {
        // HMAC-valid, but the header says RS256: the classic key-confusion shape.
        JwsToken.TryParse(SignRaw("""{"alg":"RS256"}""", "{}"), out var jws, out _).ShouldBeTrue();
        jws.VerifyHs256(Secret).ShouldBeFalse();
    }

    [Fact]
    public void VerifyRs256FailsWithAnotherKeyOrHs256Token()
    {
        using var signer = RSA.Create(2048);
        using var stranger = RSA.Create(2048);
        JwsToken.TryParse(JwtSigner.SignRs256(new JsonObject(), signer, "k"), out var rs, out _).ShouldBeTrue();
        rs.VerifyRs256(stranger).ShouldBeFalse();

        JwsToken.TryParse(SignRaw("""{"alg":"HS256"}""", "{}"), out var hs, out _).ShouldBeTrue();
        hs.VerifyRs256(signer).ShouldBeFalse();
    }

    [Fact]
    public void ParseRefusesTokenOverEightKilobytesBeforeDecoding()
    {
        var huge = SignRaw("""{"alg":"HS256"}""", "{\"pad\":\"" + new string('a', 100 * 1024) + "\"}");

        ParseFailure(huge).ShouldContain("longer than");
        ParseFailure(new string('.', 100 * 1024)).ShouldContain("longer than");
    }

    [Fact]
    public void ParseAcceptsTokenAtEightKilobytes()
    {
        var token = SignRaw("""{"alg":"HS256"}""", "{\"pad\":\"\"}");
        var padding = JwsToken.MaxLength - token.Length;
        var padded = SignRaw("""{"alg":"HS256"}""", "{\"pad\":\"" + new string('a', padding * 3 / 4 - 1) + "\"}");

        padded.Length.ShouldBeLessThanOrEqualTo(JwsToken.MaxLength);
        padded.Length.ShouldBeGreaterThan(JwsToken.MaxLength - 8);
        JwsToken.TryParse(padded, out _, out _).ShouldBeTrue();
    }

    [Fact]
    public void ParseRefusesJweShapedToken() =>
        ParseFailure(Segment("""{"alg":"RSA-OAEP","enc":"A256GCM"}""") + ".AAAA.AAAA.AAAA.AAAA").ShouldContain("JWE");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("abc.def")]
    [InlineData("a.b.c.d")]
    [InlineData("a.b.c.d.e.f")]
    [InlineData("..")]
    public void ParseRefusesWrongShape(string? token) => ParseFailure(token);

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9=")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9 ")]
    [InlineData("eyJhbGci OiJIUzI1NiJ9")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9+")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9/")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9$")]
    [InlineData("eyJhbGciOiJIUzI1NiJ")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9A")]
    public void ParseRefusesInvalidBase64UrlHeader(string header) =>
        ParseFailure(header + "." + Segment("{}") + ".AAAA").ShouldContain("base64url");

    [Fact]
    public void ParseRefusesNonCanonicalSignatureEncoding()
    {
        var token = SignRaw("""{"alg":"HS256"}""", "{}");
        // 32 bytes leave two unused bits in the last character; setting one gives the same bytes,
        // a second spelling of the same token.
        var last = token[^1];
        var twin = token[..^1] + (char)(last + 1);

        ParseFailure(twin).ShouldContain("base64url");
    }

    [Theory]
    [InlineData("""["alg","HS256"]""", "{}")]
    [InlineData("\"HS256\"", "{}")]
    [InlineData("null", "{}")]
    [InlineData("""{"alg":"HS256"}""", "[]")]
    [InlineData("""{"alg":"HS256"}""", "42")]
    [InlineData("""{"alg":"HS256"}""", "\"claims\"")]
    [InlineData("""{"alg":"HS256"}""", "{\"iss\":")]
    [InlineData("""{"alg":"HS256"}""", "")]
    [InlineData("""{"alg":"HS256"}""", "{\"iss\":\"a\"} {}")]
    [InlineData("""{"alg":"HS256",}""", "{}")]
    public void ParseRefusesHeaderOrClaimsThatAreNotAJsonObject(string header, string claims) =>
        ParseFailure(SignRaw(header, claims)).ShouldContain("JSON object");

    [Theory]
    [InlineData("""{"alg":"HS256","typ":1}""", "typ")]
    [InlineData("""{"alg":"HS256","typ":["JWT"]}""", "typ")]
    [InlineData("""{"alg":"HS256","cty":null}""", "cty")]
    public void ParseRefusesNonStringTypOrCty(string header, string name) =>
        ParseFailure(SignRaw(header, "{}")).ShouldContain(name);

    [Fact]
    public void ParseRefusesInvalidUtf8()
    {
        byte[] header = [.. "{\"alg\":\"HS256\",\"x\":\""u8, 0xFF, .. "\"}"u8];

        ParseFailure(Base64Url.Encode(header) + "." + Segment("{}") + ".AAAA").ShouldContain("JSON object");
    }

    [Theory]
    [InlineData("""{"alg":"HS256","alg":"none"}""", "{}")]
    [InlineData("""{"alg":"HS256"}""", """{"iss":"a","iss":"b"}""")]
    public void ParseRefusesDuplicateProperties(string header, string claims) => ParseFailure(SignRaw(header, claims));

    [Theory]
    [InlineData("""{"typ":"JWT"}""")]
    [InlineData("""{"alg":null}""")]
    [InlineData("""{"alg":256}""")]
    [InlineData("""{"alg":["HS256"]}""")]
    public void ParseRefusesMissingOrNonStringAlg(string header) =>
        ParseFailure(SignRaw(header, "{}")).ShouldContain("alg");

    [Fact]
    public void ParseRefusesNonStringKid() => ParseFailure(SignRaw("""{"alg":"HS256","kid":7}""", "{}")).ShouldContain("kid");

    [Fact]
    public void ParseRefusesCriticalHeaderExtensions() =>
        ParseFailure(SignRaw("""{"alg":"HS256","crit":["exp"]}""", "{}")).ShouldContain("crit");

    [Fact]
    public void ParseKeepsAlgCaseAsSent()
    {
        JwsToken.TryParse(SignRaw("""{"alg":"hs256"}""", "{}"), out var jws, out _).ShouldBeTrue();
        jws.Algorithm.ShouldBe("hs256");
        jws.VerifyHs256(Secret).ShouldBeFalse();
    }
}
