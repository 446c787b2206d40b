using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

/// <summary>Each case is a token an attacker or a broken client could send; every one must get Connect's 401.</summary>
public sealed class ConnectAuthAttackTests : InstalledAppTest
{
    private async Task ShouldBeRefusedAsync(Func<HttpClient, Task<HttpResponseMessage>>? send = null)
    {
        var response = await (send ?? (http => http.GetAsync(InstalledApp.DynamicPath)))(App.Http);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldBe("The request is not from a Connect app.");
    }

    private static string Header(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    private static string Resign(string token, Func<string, string> editHeader, string? signature = null)
    {
        var parts = token.Split('.');
        var header = Encoding.UTF8.GetString(Convert.FromBase64String(parts[0].Replace('-', '+').Replace('_', '/') + new string('=', (4 - parts[0].Length % 4) % 4)));
        return $"{Header(editHeader(header))}.{parts[1]}.{signature ?? parts[2]}";
    }

    [Fact]
    public async Task ValidTokenIsAccepted() => (await App.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task NoToken() => await ShouldBeRefusedAsync(_ => Host.Anonymous.GetAsync($"t/{App.TenantKey}/{InstalledApp.DynamicPath}"));

    [Fact]
    public async Task AlgNone()
    {
        App.Client.EditToken = token => Resign(token, _ => "{\"typ\":\"JWT\",\"alg\":\"none\"}", "");
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task Rs256HeaderWithHmacSignature()
    {
        App.Client.EditToken = token => Resign(token, _ => "{\"typ\":\"JWT\",\"alg\":\"RS256\"}");
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task WrongSecret()
    {
        App.Client.SharedSecret = "not-the-secret-" + Guid.NewGuid();
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task SecretOfTheSameAppInAnotherTenant()
    {
        await using var elsewhere = await InstalledApp.CreateAsync(Host, appKey: App.App.Key);
        App.Client.SharedSecret = elsewhere.Client.SharedSecret;
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task ExpiredBeyondLeeway()
    {
        App.Client.EditClaims = claims => claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-45).ToUnixTimeSeconds();
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task ExpiredWithinLeewayIsAccepted()
    {
        App.Client.EditClaims = claims => claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-10).ToUnixTimeSeconds();
        (await App.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("qsh")]
    [InlineData("iat")]
    [InlineData("iss")]
    public async Task MissingRequiredClaim(string claim)
    {
        App.Client.EditClaims = claims => claims.Remove(claim);
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task WrongQsh()
    {
        App.Client.EditClaims = claims => claims["qsh"] = QueryStringHash.Compute("GET", "/rest/something/else", null);
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task QshOfAnotherMethodCannotBeReplayed()
    {
        App.Client.EditClaims = claims => claims["qsh"] = QueryStringHash.Compute("GET", "/" + InstalledApp.DynamicPath, null);
        await ShouldBeRefusedAsync(http => http.DeleteAsync(InstalledApp.DynamicPath));
    }

    [Fact]
    public async Task TamperedQueryAfterSigning()
    {
        (await App.RegisterAsync(InstalledApp.WebItems("protect"))).EnsureSuccessStatusCode();
        App.Client.EditClaims = claims => claims["qsh"] = QueryStringHash.Compute("DELETE", "/" + InstalledApp.DynamicPath, "?moduleKey=other");
        await ShouldBeRefusedAsync(http => http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=protect"));
        App.Client.EditClaims = null;
        (await App.ListKeysAsync()).ShouldBe(["protect"]);
    }

    [Fact]
    public async Task ContextQsh()
    {
        App.Client.EditClaims = claims => claims["qsh"] = "context-qsh";
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task TamperedClaimsKeepTheOldSignature()
    {
        App.Client.EditToken = token =>
        {
            var parts = token.Split('.');
            var claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/') + new string('=', (4 - parts[1].Length % 4) % 4))))!;
            claims["sub"] = "admin";
            return $"{parts[0]}.{Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
        };
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task AudienceOfAnotherTenant()
    {
        var other = await Host.CreateTenantAsync();
        App.Client.ClientKey = other["clientKey"]!.GetValue<string>();
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task UnknownIssuer()
    {
        App.Client.AppKey = "not-installed-here";
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task DisabledApp()
    {
        (await Host.Operator.PostAsync($"api/v1/tenants/{App.TenantKey}/apps/{App.App.Key}/disable", null)).EnsureSuccessStatusCode();
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task UninstalledApp()
    {
        (await Host.Operator.DeleteAsync($"api/v1/tenants/{App.TenantKey}/apps/{App.App.Key}")).EnsureSuccessStatusCode();
        await ShouldBeRefusedAsync();
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.!!!.abc")]
    [InlineData("eyJub3QganNvbg.eyJub3QganNvbg.abc")]
    [InlineData("a.b.c.d.e")]
    public async Task MalformedTokens(string token)
    {
        App.Client.EditToken = _ => token;
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task HundredKilobyteToken()
    {
        App.Client.EditToken = token => token + new string('A', 100 * 1024);
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task UnknownTenant()
    {
        using var client = new ConnectAppClient(App.App.Key, App.Client.SharedSecret, App.ClientKey, Host.BaseUrl + "/t/no-such-tenant");
        var response = await client.Http.GetAsync(InstalledApp.DynamicPath);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task JiraJsStyleTokenWithoutAudienceAndWithFullPathQshIsAccepted()
    {
        App.Client.SendAudience = false;
        App.Client.FullPathQsh = true;
        (await App.RegisterAsync(InstalledApp.WebItems("js-1", "js-2"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=js-1,js-2")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task TokenInTheJwtQueryParameterIsAccepted()
    {
        App.Client.TokenInQuery = true;
        (await App.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
