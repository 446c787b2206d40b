namespace DynamicModules.Storage;

/// <summary>The database engines the service runs on.</summary>
public enum StorageEngine
{
    /// <summary>Embedded SQLite: the zero-setup default for one node.</summary>
    Sqlite,

    /// <summary>PostgreSQL: production and any number of nodes.</summary>
    Postgres,
}
