using DynamicModules.Modules;

namespace DynamicModules.Tests.Modules;

public class AppRelativeUrlTests
{
    [Theory]
    [InlineData("/installed")]
    [InlineData("/issue?key={issue.key}&p=..")]
    [InlineData("/a/b.c/..d/")]
    public void PathsUnderTheAppAreAccepted(string url)
    {
        AppRelativeUrl.TryValidate(url, out var error).ShouldBeTrue(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("installed")]
    [InlineData("https://evil.example.com/x")]
    [InlineData("//evil.example.com/x")]
    [InlineData("/..")]
    [InlineData("/a/../../b")]
    [InlineData("/a/.%2e/b")]
    [InlineData("/a\\b")]
    [InlineData("/user@evil.example.com")]
    [InlineData("/a\tb")]
    [InlineData("/a\u007fb")]
    public void UnsafePathsAreRefused(string url)
    {
        AppRelativeUrl.TryValidate(url, out var error).ShouldBeFalse();
        error.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("https://app.example.com", "/installed", "https://app.example.com/installed")]
    [InlineData("https://app.example.com/", "/installed", "https://app.example.com/installed")]
    [InlineData("https://app.example.com/connect", "/installed", "https://app.example.com/connect/installed")]
    [InlineData("http://127.0.0.1:3000/base/", "/hook?a=1", "http://127.0.0.1:3000/base/hook?a=1")]
    public void JoinAppendsToTheBasePath(string baseUrl, string relative, string expected)
    {
        AppRelativeUrl.Join(baseUrl, relative).ShouldBe(expected);
    }

    [Fact]
    public void JoinRefusesAnUnsafePath()
    {
        Should.Throw<ArgumentException>(() => AppRelativeUrl.Join("https://app.example.com", "//evil.example.com"));
    }

    [Theory]
    [InlineData("/page", true)]
    [InlineData("https://docs.example.com/x?y={issue.key}", true)]
    [InlineData("http://docs.example.com", true)]
    [InlineData("//docs.example.com", false)]
    [InlineData("ftp://docs.example.com", false)]
    [InlineData("page", false)]
    public void UiUrlsMayBeRelativeOrAbsoluteHttp(string url, bool valid)
    {
        UiUrl.TryValidate(url, out _).ShouldBe(valid);
    }
}
