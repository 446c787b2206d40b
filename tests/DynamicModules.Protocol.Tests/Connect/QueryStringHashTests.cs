using DynamicModules.Protocol.Connect;


namespace DynamicModules.Protocol.Tests.Connect;

public class QueryStringHashTests
{
    private const string DynamicPath = "/rest/atlassian-connect/1/app/module/dynamic";

    // connect.md §2.6, generated with atlassian-jwt 2.0.3.
    [Theory]
    [InlineData("GET", DynamicPath, null, "", "GET&/rest/atlassian-connect/1/app/module/dynamic&", "7e346d387f3705ccc247b50b607cc92c95c72a234ca09da5d8055eaf01f937f2")]
    [InlineData("POST", DynamicPath, null, "", "POST&/rest/atlassian-connect/1/app/module/dynamic&", "6263ce88c2bfd6fd5ae194bb2afe5ae0017f57d3e4d799edd41d50e0ad8e9b7a")]
    [InlineData("DELETE", DynamicPath, "moduleKey=dyn-item-1&moduleKey=dyn-hook", "", "DELETE&/rest/atlassian-connect/1/app/module/dynamic&moduleKey=dyn-hook,dyn-item-1", "bc2606d31929635819ae3f67ab0bc751fad328805bf82c7691256dd8ecf03690")]
    [InlineData("delete", "/wiki" + DynamicPath, "moduleKey=my-macro", "/wiki", "DELETE&/rest/atlassian-connect/1/app/module/dynamic&moduleKey=my-macro", "616a7bcf02d54aad16f779dc30c9a4c680bcb2c0fc6c0e2ab868fc15e0f25c59")]
    [InlineData("GET", "/path/to/service", "zee_last=param&repeated=parameter%201&first=param&repeated=parameter%202", "", "GET&/path/to/service&first=param&repeated=parameter%201,parameter%202&zee_last=param", "e52bb281606c3bd9ca16cfe96fe2df78f5d9ffa126f06befd750dfa10fa1a897")]
    [InlineData("GET", "/and/more/", "foo=humbug&first=param1&foo=bah&last=param%202&last=param%201", "", "GET&/and/more&first=param1&foo=bah,humbug&last=param%201,param%202", "6758a853e993a67cdac36e52132e5c8993c3212df34949d9e2e05a7b728ebc02")]
    [InlineData("GET", "/some/path", "foo=bah+bah", "", "GET&/some/path&foo=bah%20bah", "5824d970a72960ec454ceeac10479a8a4b0e32299a41714a8cb2a5919839f0e4")]
    [InlineData("GET", "/some/path", "foo=bah%2Bbah", "", "GET&/some/path&foo=bah%2Bbah", "97e092399b38623d2d0c295110ab1ce66b0cb77deef7b744d936af38b88db82e")]
    [InlineData("GET", "/some/path", "b=2&A=1&a=3&B=4", "", "GET&/some/path&A=1&B=4&a=3&b=2", "c9d8d19fd344cebba3f6ba820a3e3e2fb995b11f56669eb3e8025081d0b67a7c")]
    [InlineData("GET", "/some/path", "x=!'()*~-._&y=%C3%A9&z=a%2Cb", "", "GET&/some/path&x=%21%27%28%29%2A~-._&y=%C3%A9&z=a%2Cb", "d7bb2e31aea7bad4e475136bd1944779fb94662401075e32aef7eaa5d522227e")]
    [InlineData("GET", "/some/path", "empty=&jwt=abc.def.ghi&lic=none", "", "GET&/some/path&empty=&lic=none", "e717a7ca3c403cdef6fe64054ddb369a5cbfa07097016d5d08dd8a9ed51b9e4d")]
    [InlineData("POST", "/installed", null, "", "POST&/installed&", "4a2e1de8ca74e6cafe8862d332fa3ac7a8e51e692bc6d798ea4dfedc14948bf4")]
    [InlineData("POST", "/connect/installed", null, "/connect", "POST&/installed&", "4a2e1de8ca74e6cafe8862d332fa3ac7a8e51e692bc6d798ea4dfedc14948bf4")]
    [InlineData("GET", "/", null, "", "GET&/&", "c88caad15a1c1a900b8ac08aa9686f4e8184539bea1deda36e2f649430df3239")]
    [InlineData("GET", "/some/path&a=b", "x=y", "", "GET&/some/path%26a=b&x=y", "33773f1290a00ce5d1cf61a6d4ba8f2c4cea6b9af83efa923ca1364582efb660")]
    [InlineData("GET", "/some/path%26a=b", "x=y", "", "GET&/some/path%26a=b&x=y", "33773f1290a00ce5d1cf61a6d4ba8f2c4cea6b9af83efa923ca1364582efb660")]
    public void QshMatchesConnectSpecVector(string method, string rawPath, string? rawQuery, string basePath, string canonical, string qsh)
    {
        QueryStringHash.CanonicalRequest(method, rawPath, rawQuery, basePath).ShouldBe(canonical);
        QueryStringHash.Compute(method, rawPath, rawQuery, basePath).ShouldBe(qsh);
    }

    [Fact]
    public void QshIsLowercaseHexSha256OfCanonicalRequest() =>
        QueryStringHash.Compute("GET", "/", null).ShouldBe(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("GET&/&"u8)));

    [Theory]
    [InlineData("a=2&a=10&a=1", "a=1,10,2")]
    [InlineData("a=b&a=B&a=%C3%A9&a=z", "a=B,b,z,%C3%A9")]
    [InlineData("a.b=1&a=2", "a=2&a.b=1")]
    [InlineData("a0=1&a=2", "a=2&a0=1")]
    [InlineData("p=a+b&q=a%2Bb&r=a%20b", "p=a%20b&q=a%2Bb&r=a%20b")]
    [InlineData("flag&empty=", "empty=&flag=")]
    [InlineData("=v", "=v")]
    [InlineData("&&x=1&&", "x=1")]
    [InlineData("?x=1", "x=1")]
    [InlineData("?", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("jwt=a.b.c&jwt=d.e.f", "")]
    [InlineData("JWT=a.b.c&Jwt=x", "JWT=a.b.c&Jwt=x")]
    [InlineData("q=a%26b%3Dc", "q=a%26b%3Dc")]
    [InlineData("a%20b=1", "a%20b=1")]
    [InlineData("x=%c3%a9", "x=%C3%A9")]
    public void CanonicalQueryFollowsConnectRules(string? rawQuery, string expected) =>
        QueryStringHash.CanonicalQuery(rawQuery).ShouldBe(expected);

    // Node's querystring (atlassian-jwt) and Java's URLDecoder: bad UTF-8 becomes U+FFFD, a malformed
    // escape stays literal (checked against node's querystring.parse).
    [Theory]
    [InlineData("a=%E9", "a=%EF%BF%BD")]
    [InlineData("b=%ZZ", "b=%25ZZ")]
    [InlineData("c=%4", "c=%254")]
    [InlineData("e=%F0%9F%98%80+x", "e=%F0%9F%98%80%20x")]
    public void CanonicalQueryDecodesLikeAtlassianJwt(string rawQuery, string expected) =>
        QueryStringHash.CanonicalQuery(rawQuery).ShouldBe(expected);

    [Fact]
    public void CanonicalQueryDoesNotThrowOnLoneSurrogate() =>
        QueryStringHash.CanonicalQuery("x=\ud800").ShouldBe("x=%EF%BF%BD");

    [Theory]
    [InlineData("/t/acme/rest/x", "/t/acme", "/rest/x")]
    [InlineData("/t/acme/rest/x", "/t/acme/", "/rest/x")]
    [InlineData("/t/acme", "/t/acme", "/")]
    [InlineData("/t/acme/", "/t/acme", "/")]
    [InlineData("/t/acme2/rest/x", "/t/acme", "/t/acme2/rest/x")]
    [InlineData("/t/acmerest", "/t/acme", "/t/acmerest")]
    [InlineData("/rest/x", "/t/acme", "/rest/x")]
    [InlineData("/rest/x/", "", "/rest/x")]
    [InlineData("/rest/x//", "", "/rest/x/")]
    [InlineData("", "", "/")]
    [InlineData("rest/x", "", "/rest/x")]
    [InlineData("/a%20b/%C3%A9", "", "/a%20b/%C3%A9")]
    public void CanonicalUriStripsBasePathOnlyAtSegmentBoundary(string rawPath, string basePath, string expected) =>
        QueryStringHash.CanonicalUri(rawPath, basePath).ShouldBe(expected);
}
