namespace DynamicModules.Migration;

/// <summary>What a migration plan or application came to.</summary>
public abstract record ForgeMigrationOutcome
{
    private ForgeMigrationOutcome()
    {
    }

    /// <summary>The plan, or what the application did; <paramref name="Applied"/> is true when this call changed something.</summary>
    public sealed record Answered(bool Applied, IReadOnlyList<ModuleMigrationEntry> Modules) : ForgeMigrationOutcome;

    /// <summary>The tenant has no such app.</summary>
    public sealed record UnknownApp(string Detail) : ForgeMigrationOutcome;

    /// <summary>The installation is not a Forge manifest installation with <c>app.connect.key</c> (or is uninstalled).</summary>
    public sealed record NotAdopted(string Detail) : ForgeMigrationOutcome;

    /// <summary>Applying would exceed the quota; nothing changed.</summary>
    public sealed record OverQuota(string Detail) : ForgeMigrationOutcome;
}
