using System.Text.Json.Nodes;

namespace DynamicModules.Visibility;

/// <summary>The three-valued outcome of a condition: true, false, or left to the host with the part it could not decide.</summary>
/// <param name="Value">True or false when decided; null when the host must decide <paramref name="Residual"/>.</param>
/// <param name="Residual">What is left for the host, in the dialect's condition shape; null when decided.</param>
internal readonly record struct Decided(bool? Value, JsonNode? Residual)
{
    public static Decided True => new(true, null);

    public static Decided False => new(false, null);

    public static Decided Of(bool value) => new(value, null);

    public static Decided Undecided(JsonNode residual) => new(null, residual);
}
