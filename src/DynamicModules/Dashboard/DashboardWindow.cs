namespace DynamicModules.Dashboard;

/// <summary>
/// The stretch of time the dashboard looks back over: the last 24 hours or the last 7 days, in hour buckets. Only these two
/// exist, so every aggregate scans at most a week of rows and answers at most 168 buckets.
/// </summary>
public sealed record DashboardWindow
{
    /// <summary>One bucket of the per-hour series.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromHours(1);

    /// <summary>The last 24 hours.</summary>
    public static readonly DashboardWindow Day = new("24h", TimeSpan.FromHours(24));

    /// <summary>The last 7 days.</summary>
    public static readonly DashboardWindow Week = new("7d", TimeSpan.FromDays(7));

    private DashboardWindow(string name, TimeSpan length)
    {
        Name = name;
        Length = length;
    }

    /// <summary>Every window, by the name the API takes.</summary>
    public static IReadOnlyList<DashboardWindow> All { get; } = [Day, Week];

    /// <summary>The name in <c>?window=</c>: <c>24h</c> or <c>7d</c>.</summary>
    public string Name { get; }

    /// <summary>How far back it reaches.</summary>
    public TimeSpan Length { get; }

    /// <summary>Hour buckets in the window (the current, partial hour included).</summary>
    public int Buckets => (int)(Length / Bucket);

    /// <summary>The window called <paramref name="name"/>, or null.</summary>
    public static DashboardWindow? Find(string? name) => All.FirstOrDefault(window => window.Name == name);

    /// <summary>The start of the oldest bucket when it is <paramref name="now"/>: whole hours, ending with the hour under way.</summary>
    public DateTimeOffset StartAt(DateTimeOffset now)
    {
        var currentHour = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Bucket.Ticks), TimeSpan.Zero);
        return currentHour - (Bucket * (Buckets - 1));
    }
}
