namespace DynamicModules.Changes;

/// <summary>One change to the modules a tenant serves, as the change feed reports it.</summary>
/// <param name="Version">The tenant's module version after the change.</param>
/// <param name="AppKey">The app whose modules changed.</param>
/// <param name="Operation">The audit operation name of the change.</param>
/// <param name="ModuleKeys">The module keys concerned (empty for whole-app changes such as enable).</param>
/// <param name="Time">When it happened.</param>
public sealed record ModuleChange(long Version, string AppKey, string Operation, IReadOnlyList<string> ModuleKeys, DateTimeOffset Time);
