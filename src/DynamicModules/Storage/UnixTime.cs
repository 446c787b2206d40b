namespace DynamicModules.Storage;

/// <summary>The one place where stored timestamps (Unix milliseconds, UTC) become <see cref="DateTimeOffset"/> and back.</summary>
public static class UnixTime
{
    /// <summary>Milliseconds since the epoch for a point in time.</summary>
    public static long ToMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>The UTC point in time for stored milliseconds.</summary>
    public static DateTimeOffset FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
