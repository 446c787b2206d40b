using DynamicModules.Modules;
using DynamicModules.Modules.Store;

namespace DynamicModules.Registration;

/// <summary>What a registration, update or deletion came to.</summary>
public abstract record RegistrationOutcome
{
    /// <summary>Accepted and committed.</summary>
    public sealed record Accepted(IReadOnlyList<DynamicModule> Modules) : RegistrationOutcome;

    /// <summary>One or more modules are invalid; nothing changed.</summary>
    public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : RegistrationOutcome
    {
        /// <summary>Every problem with its path, on one line each (the Connect and Forge APIs answer a single message).</summary>
        public string Message => Errors.Count == 1
            ? Errors[0].ToString()
            : $"{Errors.Count} problems: " + string.Join("; ", Errors.Select(error => error.ToString()));
    }

    /// <summary>A key clashes with a static module, an existing dynamic module or another module of the request.</summary>
    public sealed record Duplicate(IReadOnlyList<string> Keys, string Message) : RegistrationOutcome;

    /// <summary>Accepting would exceed the installation's limit or the tenant's cap.</summary>
    public sealed record OverQuota(string Message) : RegistrationOutcome;

    /// <summary>The tenant's registration policy refuses this caller.</summary>
    public sealed record Forbidden(string Message) : RegistrationOutcome;

    /// <summary>No such module in the caller's installation.</summary>
    public sealed record NotFound(string Key) : RegistrationOutcome;
}
