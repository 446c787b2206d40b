using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Tests.Jose;

public class JwtSignerTests
{
    // connect.md §2.6, deterministic HS256 token; the claim order is part of the expected bytes.
    private const string SpecToken =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJjb25mb3JtYW5jZS10ZXN0LWFwcCIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMTgwLCJxc2giOiI3ZTM0NmQzODdmMzcwNWNjYzI0N2I1MGI2MDdjYzkyYzk1YzcyYTIzNGNhMDlkYTVkODA1NWVhZjAxZjkzN2YyIiwiYXVkIjpbInRlc3QtdGVuYW50LTAwMDEiXX0.7gKEQuXWAK0gYCb_IMnq_bpHQVHCn9wf5ekgCDOR0YU";

    [Fact]
    public void SignHs256ReproducesConnectSpecTokenByteForByte()
    {
        var claims = new JsonObject
        {
            ["iss"] = "conformance-test-app",
            ["iat"] = 1700000000,
            ["exp"] = 1700000180,
            ["qsh"] = "7e346d387f3705ccc247b50b607cc92c95c72a234ca09da5d8055eaf01f937f2",
            ["aud"] = new JsonArray("test-tenant-0001"),
        };

        JwtSigner.SignHs256(claims, "shared-secret-for-tests").ShouldBe(SpecToken);
    }

    [Fact]
    public void SpecTokenVerifiesWithSpecSecretOnly()
    {
        JwsToken.TryParse(SpecToken, out var jws, out _).ShouldBeTrue();
        jws.VerifyHs256("shared-secret-for-tests").ShouldBeTrue();
        jws.VerifyHs256("shared-secret-for-test").ShouldBeFalse();
        jws.Claims.GetProperty("iss").GetString().ShouldBe("conformance-test-app");
    }

    [Fact]
    public void SignRs256NamesKeyAndVerifiesWithPublicKey()
    {
        using var rsa = RSA.Create(2048);
        var token = JwtSigner.SignRs256(new JsonObject { ["iss"] = "client-key" }, rsa, "key-1");

        JwsToken.TryParse(token, out var jws, out _).ShouldBeTrue();
        jws.Algorithm.ShouldBe("RS256");
        jws.KeyId.ShouldBe("key-1");
        using var publicKey = RSA.Create(rsa.ExportParameters(includePrivateParameters: false));
        jws.VerifyRs256(publicKey).ShouldBeTrue();
    }

    [Fact]
    public void SignHs256AcceptsClaimsCreatedFromBoxedValues()
    {
        var token = JwtSigner.SignHs256(new JsonObject { ["n"] = JsonValue.Create((object)42) }, "s");

        JwsToken.TryParse(token, out var jws, out _).ShouldBeTrue();
        jws.Claims.GetProperty("n").GetInt32().ShouldBe(42);
    }
}
