using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Tests.Forge;

public sealed class JsonWebKeySetTests
{
    [Fact]
    public void KeepsRs256SigningKeysAndTheirPublicParameters()
    {
        using var key = new TestSigningKey("k1");
        var set = key.Parsed();
        set.KeyIds.ShouldBe(["k1"]);
        set.TryGetRsaKey("k1", out var rsa).ShouldBeTrue();
        using (rsa)
        {
            rsa.ExportParameters(false).Modulus.ShouldBe(key.Rsa.ExportParameters(false).Modulus);
        }

        set.TryGetRsaKey("k2", out _).ShouldBeFalse();
    }

    [Fact]
    public void SkipsKeysItCannotUseForRs256()
    {
        using var good = new TestSigningKey("good");
        using var small = new TestSigningKey("small", 1024);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encryption = good.Jwk();
        encryption["kid"] = "enc";
        encryption["use"] = "enc";
        var otherAlg = good.Jwk();
        otherAlg["kid"] = "ps256";
        otherAlg["alg"] = "PS256";
        var noKid = good.Jwk();
        noKid.Remove("kid");
        var badModulus = good.Jwk();
        badModulus["kid"] = "bad-n";
        badModulus["n"] = "not base64url!";
        var json = TestSigningKey.KeySet(
            good.Jwk(), small.Jwk(), encryption, otherAlg, noKid, badModulus,
            new JsonObject { ["kty"] = "EC", ["kid"] = "ec", ["crv"] = "P-256", ["x"] = "AA", ["y"] = "AA" }, "not an object");

        JsonWebKeySet.TryParse(json, out var set, out var failure).ShouldBeTrue(failure);
        set.KeyIds.ShouldBe(["good"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"keys\": {}}")]
    [InlineData("{\"keys\": [], \"keys\": []}")]
    [InlineData("{\"keys\": [")]
    public void RefusesDocumentsThatAreNoKeySet(string? json)
    {
        JsonWebKeySet.TryParse(json, out var set, out var failure).ShouldBeFalse();
        set.ShouldBeNull();
        failure.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void RefusesTwoUsableKeysWithOneKid()
    {
        using var first = new TestSigningKey("same");
        using var second = new TestSigningKey("same");
        JsonWebKeySet.TryParse(TestSigningKey.KeySet(first.Jwk(), second.Jwk()), out _, out var failure).ShouldBeFalse();
        failure.ShouldBe("the key set has two keys with the same kid");
    }

    [Fact]
    public void RefusesOversizedDocumentsBeforeParsing()
    {
        var json = "{\"keys\": [], \"pad\": \"" + new string('x', JsonWebKeySet.MaxLength) + "\"}";
        JsonWebKeySet.TryParse(json, out _, out var failure).ShouldBeFalse();
        failure.ShouldContain("longer than");
    }
}
