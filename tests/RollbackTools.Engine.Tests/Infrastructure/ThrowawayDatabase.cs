using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using Xunit;

namespace RollbackTools.Engine.Tests.Infrastructure
{
    /// <summary>
    /// A database of its own for one test class, as a container would give: created empty before the
    /// first test and dropped after the last.
    /// </summary>
    public abstract class ThrowawayDatabase : IAsyncLifetime
    {
        private readonly DatabaseProvider provider;
        private DatabaseTarget? target;
        private DatabaseTarget? admin;

        protected ThrowawayDatabase(DatabaseProvider provider)
        {
            this.provider = provider;
        }

        public DatabaseTarget Target => target ?? throw new InvalidOperationException("The database is not created yet.");

        public string Name { get; } = "rbt_test_" + Guid.NewGuid().ToString("N").Substring(0, 12);

        public async Task InitializeAsync()
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                string directory = Path.Combine(Path.GetTempPath(), Name);
                Directory.CreateDirectory(directory);
                target = DatabaseTarget.Parse(Path.Combine(directory, "test.db"));
                return;
            }

            admin = TestServers.Admin(provider);
            await using (DatabaseSession session = await DatabaseSession.OpenAsync(admin, NullEngineLog.Instance, CancellationToken.None))
            {
                await session.ExecuteAsync(session.Dialect.CreateDatabaseSql(Name), CancellationToken.None);
            }

            target = admin.WithDatabase(Name);
        }

        public async Task DisposeAsync()
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                Directory.Delete(Path.GetDirectoryName(Target.DatabaseName)!, recursive: true);
                return;
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(admin!, NullEngineLog.Instance, CancellationToken.None);

            // PostgreSQL's DROP ... WITH (FORCE) refuses while autovacuum, which no ordinary user may end, works on the database.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await session.ExecuteAsync(session.Dialect.DropDatabaseSql(Name), CancellationToken.None);
                    return;
                }
                catch (RollbackToolsException) when (attempt < 10)
                {
                    await Task.Delay(500);
                }
            }
        }

        internal Task<DatabaseSession> OpenAsync() => DatabaseSession.OpenAsync(Target, NullEngineLog.Instance, CancellationToken.None);
    }

    public sealed class PostgresDatabase : ThrowawayDatabase
    {
        public PostgresDatabase()
            : base(DatabaseProvider.PostgreSql)
        {
        }
    }

    public sealed class MySqlDatabase : ThrowawayDatabase
    {
        public MySqlDatabase()
            : base(DatabaseProvider.MySql)
        {
        }
    }

    public sealed class SqliteDatabase : ThrowawayDatabase
    {
        public SqliteDatabase()
            : base(DatabaseProvider.Sqlite)
        {
        }
    }
}
