using DynamicModules.Filters;

namespace DynamicModules.Tests.Filters;

public class FilterCacheTests
{
    [Fact]
    public void CacheReturnsTheSameCompilationForTheSameSource()
    {
        var cache = new FilterCache();
        var first = cache.GetOrCompile(FilterLanguage.Expression, "event.a == 1");
        cache.GetOrCompile(FilterLanguage.Expression, "event.a == 1").ShouldBeSameAs(first);
        cache.GetOrCompile(FilterLanguage.Jql, "project = A").ShouldNotBeSameAs(first);
        cache.Count.ShouldBe(2);
    }

    [Fact]
    public void CacheKeepsFailedCompilations()
    {
        var cache = new FilterCache();
        var failed = cache.GetOrCompile(FilterLanguage.Expression, "1 &&");
        failed.Succeeded.ShouldBeFalse();
        cache.GetOrCompile(FilterLanguage.Expression, "1 &&").ShouldBeSameAs(failed);
    }

    [Fact]
    public void CacheStaysWithinCapacity()
    {
        var cache = new FilterCache(capacity: 100);
        for (var i = 0; i < 1_000; i++)
        {
            cache.GetOrCompile(FilterLanguage.Expression, $"event.n == {i}").Succeeded.ShouldBeTrue();
            cache.Count.ShouldBeLessThanOrEqualTo(100);
        }
    }

    [Fact]
    public void CacheIsSafeUnderConcurrency()
    {
        var cache = new FilterCache(capacity: 50);
        Parallel.For(0, 2_000, i =>
        {
            var compilation = cache.GetOrCompile(FilterLanguage.Jql, $"labels = l{i % 120}");
            compilation.Succeeded.ShouldBeTrue();
        });
        cache.Count.ShouldBeLessThanOrEqualTo(50 + Environment.ProcessorCount);
    }

    [Fact]
    public void CacheUsesItsLimits()
    {
        var cache = new FilterCache(limits: new FilterLimits(MaxLength: 5));
        cache.GetOrCompile(FilterLanguage.Expression, "true == true").Succeeded.ShouldBeFalse();
    }
}
