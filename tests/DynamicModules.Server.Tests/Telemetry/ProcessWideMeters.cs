namespace DynamicModules.Server.Tests.Telemetry;

/// <summary>
/// Meters are process-wide: every host's meter provider listens to every <c>DynamicModules</c> meter in the test process, so a
/// test that counts samples runs alone (xunit runs this collection after the parallel ones, one test at a time).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeters
{
    public const string Name = "Telemetry: process-wide meters";
}
