namespace RollbackTools
{
    /// <summary>The database engines RollbackTools talks to.</summary>
    public enum DatabaseProvider
    {
        /// <summary>A connection string given without -Provider: not yet usable.</summary>
        Unspecified = 0,
        PostgreSql,
        MySql,
        Sqlite,
    }
}
