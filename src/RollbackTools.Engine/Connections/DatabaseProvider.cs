namespace RollbackTools
{
    /// <summary>The database engines RollbackTools talks to.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum DatabaseProvider : long
    {
        /// <summary>A connection string given without -Provider: not yet usable.</summary>
        Unspecified = 0,
        PostgreSql,
        MySql,
        Sqlite,
    }
}
