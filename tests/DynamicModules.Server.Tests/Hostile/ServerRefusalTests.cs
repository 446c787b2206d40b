using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Hostile;

/// <summary>Requests the web server refuses before any endpoint runs answer the service's error body with the limit that was hit.</summary>
public sealed class ServerRefusalTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> RefusalDetailAsync(string request, int expectedStatus)
    {
        var (status, contentType, body) = await RawHttp.SendAsync(_host.BaseUrl, RawHttp.Ascii(request));
        status.ShouldBe(expectedStatus);
        contentType.ShouldBe("application/problem+json");
        body!["message"]!.GetValue<string>().ShouldBe(body["detail"]!.GetValue<string>());
        return body["detail"]!.GetValue<string>();
    }

    [Fact]
    public async Task AnOverlongUriNamesTheRequestLineLimit() =>
        (await RefusalDetailAsync($"GET /{new string('a', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n", 414)).ShouldContain("8192 bytes");

    [Fact]
    public async Task ANulInThePathIsABadRequestWithABody() =>
        (await RefusalDetailAsync("GET /api/v1/tenants/a%00b HTTP/1.1\r\nHost: x\r\n\r\n", 400)).ShouldContain("%00");

    [Fact]
    public async Task AMalformedRequestLineIsABadRequestWithABody() =>
        (await RefusalDetailAsync("GET / HTTP/1.1\r\nHost: x\r\nthis is no header\r\n\r\n", 400)).ShouldContain("malformed");

    [Fact]
    public async Task OversizedHeadersNameTheHeaderLimit() =>
        (await RefusalDetailAsync($"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 140_000)}\r\n\r\n", 431)).ShouldContain("131072 bytes");

    [Fact]
    public async Task ARefusalAfterAnAnsweredRequestOnTheSameConnectionStillGetsItsBody()
    {
        var text = await RawHttp.SendForTextAsync(_host.BaseUrl, RawHttp.Ascii(
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + $"GET /{new string('b', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n"));
        text.ShouldStartWith("HTTP/1.1 200 OK");
        text.ShouldContain("{\"status\":\"ok\"}");
        text.ShouldContain("HTTP/1.1 414 URI Too Long");
        text.ShouldContain("longer than the limit of 8192 bytes");
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitIs413WithTheLimit()
    {
        var content = new StreamContent(new MemoryStream(new byte[(1 << 20) + 4096]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/tenants/huge") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await _host.Operator.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("1048576");
    }

    [Fact]
    public async Task ABodyRefusedFromItsLengthIsReadToTheEndSoTheConnectionStaysUsable()
    {
        // Sent whole before any answer is read, as a client that does not wait for 100-continue does: the 413 must
        // arrive intact and the next request on the same connection must still be answered.
        var body = "{\"displayName\":\"" + new string('a', (1 << 20) + 10) + "\"}";
        var text = await RawHttp.SendForTextAsync(_host.BaseUrl, RawHttp.Ascii(
            $"PUT /api/v1/tenants/big HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ServiceHost.OperatorKey}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}" +
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        text.ShouldStartWith("HTTP/1.1 413 Payload Too Large");
        text.ShouldContain("1048576 bytes");
        text[text.IndexOf("HTTP/1.1 200 OK", StringComparison.Ordinal)..].ShouldContain("{\"status\":\"ok\"}");
    }

    [Fact]
    public async Task ABigTokenStillReachesTheAppDialects401()
    {
        await _host.CreateTenantAsync("big-token");
        var request = new HttpRequestMessage(HttpMethod.Get, "t/big-token/rest/atlassian-connect/1/app/module/dynamic");
        request.Headers.TryAddWithoutValidation("Authorization", "JWT " + new string('a', 60_000));
        var response = await _host.Anonymous.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"].ShouldNotBeNull();
    }

    [Fact]
    public async Task UnknownRoutesAndMissingOperatorKeysHaveADetail()
    {
        var missing = await _host.Operator.GetAsync("api/v1/nothing-here");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("/api/v1/nothing-here");
        var anonymous = await _host.Anonymous.GetAsync("api/v1/tenants");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }
}
