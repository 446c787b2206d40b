namespace DynamicModules.Modules;

/// <summary>The outcome of validating a registration request: the normalised modules, or every error found.</summary>
public sealed record ModuleValidationResult(IReadOnlyList<ModuleEntry> Modules, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>Whether the request can be registered (no errors).</summary>
    public bool IsValid => Errors.Count == 0;
}
