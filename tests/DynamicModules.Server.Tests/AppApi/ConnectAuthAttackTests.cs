using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Auth;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

/// <summary>Each case is a token an attacker or a broken client could send; every one must get Connect's 401.</summary>
public sealed class ConnectAuthAttackTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private InstalledApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _app = await InstalledApp.CreateAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task ShouldBeRefusedAsync(Func<HttpClient, Task<HttpResponseMessage>>? send = null)
    {
        var response = await (send ?? (http => http.GetAsync(InstalledApp.DynamicPath)))(_app.Http);
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
    public async Task ValidTokenIsAccepted() => (await _app.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task NoToken() => await ShouldBeRefusedAsync(_ => _host.Anonymous.GetAsync($"t/{_app.TenantKey}/{InstalledApp.DynamicPath}"));

    [Fact]
    public async Task AlgNone()
    {
        _app.Client.EditToken = token => Resign(token, _ => "{\"typ\":\"JWT\",\"alg\":\"none\"}", "");
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task Rs256HeaderWithHmacSignature()
    {
        _app.Client.EditToken = token => Resign(token, _ => "{\"typ\":\"JWT\",\"alg\":\"RS256\"}");
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task WrongSecret()
    {
        _app.Client.SharedSecret = "not-the-secret-" + Guid.NewGuid();
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task SecretOfTheSameAppInAnotherTenant()
    {
        await using var elsewhere = await InstalledApp.CreateAsync(_host, appKey: _app.App.Key);
        _app.Client.SharedSecret = elsewhere.Client.SharedSecret;
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task ExpiredBeyondLeeway()
    {
        _app.Client.EditClaims = claims => claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-45).ToUnixTimeSeconds();
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task ExpiredWithinLeewayIsAccepted()
    {
        _app.Client.EditClaims = claims => claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-10).ToUnixTimeSeconds();
        (await _app.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("qsh")]
    [InlineData("iat")]
    [InlineData("iss")]
    public async Task MissingRequiredClaim(string claim)
    {
        _app.Client.EditClaims = claims => claims.Remove(claim);
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task WrongQsh()
    {
        _app.Client.EditClaims = claims => claims["qsh"] = QueryStringHash.Compute("GET", "/rest/something/else", null);
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task QshOfAnotherMethodCannotBeReplayed()
    {
        _app.Client.EditClaims = claims => claims["qsh"] = QueryStringHash.Compute("GET", "/" + InstalledApp.DynamicPath, null);
        await ShouldBeRefusedAsync(http => http.DeleteAsync(InstalledApp.DynamicPath));
    }

    [Fact]
    public async Task TamperedQueryAfterSigning()
    {
        (await _app.RegisterAsync(InstalledApp.WebItems("protect"))).EnsureSuccessStatusCode();
        _app.Client.EditClaims = claims => claims["qsh"] = QueryStringHash.Compute("DELETE", "/" + InstalledApp.DynamicPath, "?moduleKey=other");
        await ShouldBeRefusedAsync(http => http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=protect"));
        _app.Client.EditClaims = null;
        (await _app.ListKeysAsync()).ShouldBe(["protect"]);
    }

    [Fact]
    public async Task ContextQsh()
    {
        _app.Client.EditClaims = claims => claims["qsh"] = "context-qsh";
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task TamperedClaimsKeepTheOldSignature()
    {
        _app.Client.EditToken = token =>
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
        var other = await _host.CreateTenantAsync();
        _app.Client.ClientKey = other["clientKey"]!.GetValue<string>();
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task UnknownIssuer()
    {
        _app.Client.AppKey = "not-installed-here";
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task DisabledApp()
    {
        (await _host.Operator.PostAsync($"api/v1/tenants/{_app.TenantKey}/apps/{_app.App.Key}/disable", null)).EnsureSuccessStatusCode();
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task UninstalledApp()
    {
        (await _host.Operator.DeleteAsync($"api/v1/tenants/{_app.TenantKey}/apps/{_app.App.Key}")).EnsureSuccessStatusCode();
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
        _app.Client.EditToken = _ => token;
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task HundredKilobyteToken()
    {
        _app.Client.EditToken = token => token + new string('A', 100 * 1024);
        await ShouldBeRefusedAsync();
    }

    [Fact]
    public async Task UnknownTenant()
    {
        using var client = new ConnectAppClient(_app.App.Key, _app.Client.SharedSecret, _app.ClientKey, _host.BaseUrl + "/t/no-such-tenant");
        var response = await client.Http.GetAsync(InstalledApp.DynamicPath);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task JiraJsStyleTokenWithoutAudienceAndWithFullPathQshIsAccepted()
    {
        _app.Client.SendAudience = false;
        _app.Client.FullPathQsh = true;
        (await _app.RegisterAsync(InstalledApp.WebItems("js-1", "js-2"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=js-1,js-2")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _app.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task TokenInTheJwtQueryParameterIsAccepted()
    {
        _app.Client.TokenInQuery = true;
        (await _app.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
