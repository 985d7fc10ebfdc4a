namespace RollbackTools
{
    /// <summary>The migration tools whose history Import-MigrationHistory reads.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum OtherTool : long
    {
        GolangMigrate,
        Dbmate,
        Flyway,
        Liquibase,
        Goose,
        Sqitch,
    }
}
