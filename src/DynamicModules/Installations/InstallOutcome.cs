using DynamicModules.Modules;

namespace DynamicModules.Installations;

/// <summary>What an install request came to.</summary>
public abstract record InstallOutcome
{
    /// <summary>Installed, reinstalled or upgraded.</summary>
    public sealed record Installed(Installation Installation, string Operation, IReadOnlyList<string> PurgedModuleKeys) : InstallOutcome;

    /// <summary>The descriptor is invalid; nothing changed.</summary>
    public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : InstallOutcome;

    /// <summary>The descriptor or its translations could not be fetched; nothing changed.</summary>
    public sealed record Unavailable(string Detail) : InstallOutcome;

    /// <summary>The app refused the <c>installed</c> callback or did not answer; nothing changed.</summary>
    public sealed record CallbackFailed(LifecycleCallbackResult Callback) : InstallOutcome;
}
