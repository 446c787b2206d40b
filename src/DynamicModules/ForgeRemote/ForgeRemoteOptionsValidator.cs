using System.Globalization;
using Microsoft.Extensions.Options;

namespace DynamicModules.ForgeRemote;

/// <summary>The relation ranges cannot express: a key must outlive, as the signer, the tokens it signs by a wide margin.</summary>
public sealed class ForgeRemoteOptionsValidator : IValidateOptions<ForgeRemoteOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ForgeRemoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var longest = ForgeSigningKeys.LongestTokenLifetime(options);
        return options.KeyRotationAge < longest * 2
            ? ValidateOptionsResult.Fail(
                $"{ForgeRemoteOptions.Section}:KeyRotationAge ({Show(options.KeyRotationAge)}) must be at least twice the longest token lifetime ({Show(longest)}).")
            : ValidateOptionsResult.Success;
    }

    private static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
