namespace DynamicModules.Filters.Expressions;

/// <summary>
/// Ends an evaluation with an error (property of null, type mismatch, exhausted budget). Thrown only on the failure
/// path, so the happy path pays nothing; <see cref="CompiledFilter.Evaluate(System.Text.Json.JsonElement)"/> turns it into a <see cref="FilterOutcome"/>.
/// </summary>
internal sealed class FilterRuntimeException(string message) : Exception(message);
