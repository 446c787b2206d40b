namespace DynamicModules.Installations;

/// <summary>Writes secrets (operator key, private key) readable by the service's user only.</summary>
public static class SecretFiles
{
    /// <summary>Writes <paramref name="content"/> to a new file with owner-only permissions where the OS has them.</summary>
    public static void WriteNew(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Storage.OwnerOnlyFiles.FileMode;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
