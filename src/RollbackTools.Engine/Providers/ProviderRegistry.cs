using System;

namespace RollbackTools.Engine.Providers
{
    /// <summary>The providers are stateless, so one instance of each is shared safely by every runspace.</summary>
    internal static class ProviderRegistry
    {
        private static readonly PostgresProvider Postgres = new PostgresProvider();
        private static readonly MySqlProvider MySql = new MySqlProvider();
        private static readonly SqliteProvider Sqlite = new SqliteProvider();

        /// <summary>Every provider, in the order their URL grammars are tried.</summary>
        public static readonly IDatabaseProvider[] All = { Postgres, MySql, Sqlite };

        public static IDatabaseProvider Get(DatabaseProvider provider) => provider switch
        {
            DatabaseProvider.PostgreSql => Postgres,
            DatabaseProvider.MySql => MySql,
            DatabaseProvider.Sqlite => Sqlite,
            _ => throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, "A connection string needs -Provider (PostgreSql, MySql or Sqlite).", provider),
        };
    }
}
