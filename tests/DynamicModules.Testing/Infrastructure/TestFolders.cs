using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// Scratch folders under the temp directory that tests create and must remove. Every folder made here
/// is remembered so that <see cref="LeftoverFolderCheck"/> can delete the released ones and fail the run
/// when one was never released.
/// </summary>
public static class TestFolders
{
    // Folder -> released by its owner. A released folder may still be reused (a restart on the same data
    // directory), so it is deleted when the run ends rather than when it is released.
    private static readonly ConcurrentDictionary<string, bool> Created = new();

    /// <summary>Creates a fresh folder under the temp directory, named after <paramref name="prefix"/>.</summary>
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "dm-tests", prefix + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        Track(path);
        return path;
    }

    /// <summary>Remembers a folder some code will create later (a data directory handed to the service).</summary>
    public static void Track(string path) => Created.TryAdd(Path.GetFullPath(path), false);

    /// <summary>Marks a folder as no longer in use by its owner; it is deleted when the run ends.</summary>
    public static void Release(string path) => Created[Path.GetFullPath(path)] = true;

    /// <summary>Deletes every remembered folder and returns those whose owner never released them.</summary>
    public static async Task<IReadOnlyList<string>> DeleteAllAsync()
    {
        var unreleased = Created.Where(entry => !entry.Value && Directory.Exists(entry.Key)).Select(entry => entry.Key).Order().ToList();
        foreach (var path in Created.Keys)
        {
            await DeleteAsync(path);
        }

        return unreleased;
    }

    /// <summary>
    /// Deletes <paramref name="path"/> and everything in it. SQLite keeps pooled connections (and so open
    /// files) after the database object is gone, so the pools are cleared first; a file the host is still
    /// closing can make one attempt fail, hence a few short retries.
    /// </summary>
    public static async Task DeleteAsync(string path)
    {
        SqliteConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception e) when (attempt < 5 && e is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
            }
        }
    }
}
