namespace DynamicModules.Tests;

public class SmokeTests
{
    [Fact]
    public void BuildWorks() => (1 + 1).ShouldBe(2);
}
