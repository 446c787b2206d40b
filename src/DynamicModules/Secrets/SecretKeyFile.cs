using DynamicModules.Installations;

namespace DynamicModules.Secrets;

/// <summary>
/// The key ring kept in the data directory when no <c>DynamicModules:SecretKeys</c> is configured:
/// generated on first start, owner-only, in the same text form as the setting.
/// </summary>
public static class SecretKeyFile
{
    /// <summary>The file's name inside the data directory.</summary>
    public const string FileName = "secret-keys";

    private const string Header =
        """
        # Keys that encrypt the installation secrets stored in the database (README, "Secrets and keys").
        # The first entry encrypts new writes; the others only decrypt. Back this file up with the database:
        # without it the stored secrets cannot be read and every app must be reinstalled.

        """;

    /// <summary>Reads the ring from <paramref name="dataDirectory"/>, generating the file on first use.</summary>
    /// <returns>The ring, and whether the file was generated now.</returns>
    public static (SecretKeyRing Ring, bool Generated) LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return (SecretKeyRing.Parse(File.ReadAllText(path), path), false);
        }

        // Written beside the target and moved without overwrite, so a node starting at the same moment
        // on the same directory either wins or reads the winner's file; nobody sees half a file.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        SecretFiles.WriteNew(temporary, Header + SecretKeyRing.NewEntry() + "\n");
        try
        {
            File.Move(temporary, path, overwrite: false);
            return (SecretKeyRing.Parse(File.ReadAllText(path), path), true);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return (SecretKeyRing.Parse(File.ReadAllText(path), path), false);
        }
    }
}
