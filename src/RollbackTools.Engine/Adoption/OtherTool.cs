namespace RollbackTools
{
    /// <summary>The migration tools whose history Import-MigrationHistory reads.</summary>
    public enum OtherTool
    {
        GolangMigrate,
        Dbmate,
        Flyway,
        Liquibase,
        Goose,
        Sqitch,
    }
}
