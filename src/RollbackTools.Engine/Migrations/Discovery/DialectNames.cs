namespace RollbackTools.Engine.Migrations
{
    /// <summary>The names other tools give our databases in file names and attributes.</summary>
    internal static class DialectNames
    {
        public static DatabaseProvider? Parse(string name) => name.ToLowerInvariant() switch
        {
            "postgres" or "postgresql" or "pg" => DatabaseProvider.PostgreSql,
            "mysql" or "mariadb" => DatabaseProvider.MySql,
            "sqlite" or "sqlite3" => DatabaseProvider.Sqlite,
            _ => null,
        };
    }
}
