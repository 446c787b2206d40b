using DynamicModules.Apps;

namespace DynamicModules.Tests.Apps;

public class AppDescriptorCacheTests
{
    private const string Descriptor = """
        {"key": "com.example.cached", "name": "Cached", "baseUrl": "https://app.example.com", "authentication": {"type": "none"}, "modules": {}}
        """;

    [Fact]
    public void TheStoredTextOfACachedVersionIsHandedBackAsStoredAndOnlyForThatVersion()
    {
        var cache = new AppDescriptorCache(capacity: 10);
        cache.TryGetStoredJson(1, 1, out _).ShouldBeFalse();

        var descriptor = cache.Get(1, 1, Descriptor);

        descriptor.Key.ShouldBe("com.example.cached");
        cache.TryGetStoredJson(1, 1, out var text).ShouldBeTrue();
        ReferenceEquals(text, Descriptor).ShouldBeTrue();
        cache.TryGetStoredJson(1, 2, out _).ShouldBeFalse();
        cache.TryGetStoredJson(2, 1, out _).ShouldBeFalse();
        cache.Get(1, 1, "not read again: the version is cached").ShouldBeSameAs(descriptor);
    }

    [Fact]
    public void TheCacheStaysBoundedAndAnEvictedVersionIsAMiss()
    {
        var cache = new AppDescriptorCache(capacity: 10);
        for (var installation = 1; installation <= 25; installation++)
        {
            cache.Get(installation, 1, Descriptor);
        }

        cache.Count.ShouldBeLessThanOrEqualTo(10);
        Enumerable.Range(1, 25).Count(installation => cache.TryGetStoredJson(installation, 1, out _)).ShouldBe(cache.Count);
    }
}
