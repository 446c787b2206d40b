using DynamicModules.Protocol.Connect;


namespace DynamicModules.Protocol.Tests.Connect;

/// <summary>
/// Differential test of our JWS reader and Connect JWT validator against Microsoft.IdentityModel's
/// JsonWebTokenHandler (test-only oracle, <see cref="JsonWebTokenHandlerOracle"/>): thousands of generated and
/// mutated tokens must get the same accept/refuse verdict from both. Where Connect asks for more than the
/// handler checks (qsh, iat, canonical base64url, no duplicate names, no crit), the oracle states the rule.
/// </summary>
public sealed class JwtHandlerDifferentialTests
{
    private const int Seed = 20_260_412;
    private const int CaseCount = 6_400;
    private const string TenantBasePath = "/t/acme";
    private const string TenantClientKey = "acme-client-key";
    private const string AppKey = "my-app";

    // 32 bytes or more: the handler refuses HMAC keys under 256 bits, real Connect secrets are longer too.
    private const string SharedSecret = "shared-secret-of-my-app-in-acme-0123456789";

    private static readonly RequestLine Request =
        new("GET", TenantBasePath + "/rest/atlassian-connect/1/app/module/dynamic", "moduleKey=b&moduleKey=a");

    [Fact]
    public async Task OurValidatorAndJsonWebTokenHandlerGiveEveryGeneratedTokenTheSameVerdict()
    {
        // The system clock on both sides: JsonWebTokenHandler 8.23 has no public clock seam. Tokens are made
        // from the same clock just before validation and keep 2 s away from every time limit.
        var time = TimeProvider.System;
        string[] acceptedQsh =
        [
            QueryStringHash.Compute(Request.Method, Request.RawPath, Request.RawQuery, TenantBasePath),
            QueryStringHash.Compute(Request.Method, Request.RawPath, Request.RawQuery),
        ];
        var oracle = new JsonWebTokenHandlerOracle(AppKey, SharedSecret, TenantClientKey, Request, TenantBasePath);
        var ours = new ConnectJwtValidator(time);
        var cases = new ConnectTokenMutator(new Random(Seed), time, AppKey, SharedSecret, TenantClientKey, acceptedQsh).Generate(CaseCount);

        var disagreements = new List<string>();
        var verdicts = new Dictionary<(string Family, bool Accepted), int>();
        foreach (var (family, token) in cases)
        {
            var oursAccepts = (await ours.ValidateAsync(token, Request, TenantBasePath, TenantClientKey, FindSecret, TestContext.Current.CancellationToken)).Succeeded;
            var oracleAccepts = await oracle.AcceptsAsync(token);
            verdicts[(family, oursAccepts)] = verdicts.GetValueOrDefault((family, oursAccepts)) + 1;
            if (oursAccepts != oracleAccepts)
            {
                disagreements.Add($"{family}: ours {(oursAccepts ? "accepts" : "refuses")}, handler {(oracleAccepts ? "accepts" : "refuses")}: {Shorten(token)}");
            }
        }

        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{CaseCount} tokens, {disagreements.Count} disagreements; " + string.Join(", ", verdicts.OrderBy(v => v.Key.Family).Select(v => $"{v.Key.Family} {(v.Key.Accepted ? "accepted" : "refused")} {v.Value}")));
        disagreements.ShouldBeEmpty(string.Join("\n", disagreements.Take(30)));

        // Guard against a generator that makes only one kind of token: each family lands where it must.
        verdicts.GetValueOrDefault(("valid", true)).ShouldBe(CaseCount / 16);
        verdicts.GetValueOrDefault(("lifetime", true)).ShouldBeGreaterThan(20);
        verdicts.GetValueOrDefault(("lifetime", false)).ShouldBeGreaterThan(100);
        verdicts.GetValueOrDefault(("huge", true)).ShouldBeGreaterThan(20);
        verdicts.GetValueOrDefault(("huge", false)).ShouldBeGreaterThan(100);
        foreach (var family in new[] { "tampered-header", "tampered-payload", "tampered-signature", "alg-none", "alg-confusion", "wrong-key", "bad-base64url", "duplicate-names", "segments", "not-json" })
        {
            verdicts.GetValueOrDefault((family, true)).ShouldBe(0, family);
        }
    }

    private static ValueTask<string?> FindSecret(string appKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult(appKey == AppKey ? SharedSecret : null);

    // The decoded segments say more than the token text: what made the two sides differ.
    private static string Shorten(string token)
    {
        var decoded = string.Join(" . ", token.Split('.').Take(2).Select(segment =>
        {
            try
            {
                return System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(segment));
            }
            catch (FormatException)
            {
                return "(not base64url) " + segment;
            }
        }));
        return (decoded.Length <= 300 ? decoded : decoded[..300] + "…") + $" [{token.Length} chars, {token.Count(c => c == '.') + 1} segments]";
    }
}
