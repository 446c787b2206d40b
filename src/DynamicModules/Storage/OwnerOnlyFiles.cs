namespace DynamicModules.Storage;

/// <summary>
/// Owner-only modes for the data directory and its files. .NET has no portable umask, so files are
/// created with an explicit mode and files from older versions are tightened in place.
/// </summary>
public static class OwnerOnlyFiles
{
    /// <summary>rw------- (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ (0700).</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> as a 0700 folder, or sets an existing one (and its files) owner-only.</summary>
    public static void PrepareDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
        foreach (var file in Directory.EnumerateFiles(path))
        {
            File.SetUnixFileMode(file, FileMode);
        }
    }

    /// <summary>
    /// Creates the SQLite file empty and 0600 before SQLite opens it. SQLite gives the -wal, -shm and
    /// -journal files it creates later the mode of the database file, so they are 0600 as well; an
    /// existing file (and its companions) from an older version is set to 0600 here.
    /// </summary>
    public static void PrepareSqliteFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }

            try
            {
                using var created = new FileStream(path, new FileStreamOptions
                {
                    Mode = System.IO.FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = FileMode,
                });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: tightened below like any existing file.
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, FileMode);
            }
        }
    }
}
