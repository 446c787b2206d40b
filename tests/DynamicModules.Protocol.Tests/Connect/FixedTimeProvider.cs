namespace DynamicModules.Protocol.Tests.Connect;

/// <summary>A clock that reads whatever the test sets (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
