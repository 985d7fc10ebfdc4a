using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Tests.Infrastructure;
using Xunit;

namespace RollbackTools.Engine.Tests.Backups
{
    /// <summary>Ctrl+C during a backup: the server stops copying, and neither a table nor a catalog row is left.</summary>
    public abstract class BackupCancellationTests<TDatabase> : IClassFixture<TDatabase>
        where TDatabase : ThrowawayDatabase
    {
        private readonly TDatabase database;

        protected BackupCancellationTests(TDatabase database)
        {
            this.database = database;
        }

        protected abstract string FillSql { get; }

        [Fact]
        public async Task ACancelledBackupLeavesNoCopyAndNoCatalogRow()
        {
            await using (DatabaseSession session = await database.OpenAsync())
            {
                await session.ExecuteAsync("CREATE TABLE big (id INTEGER PRIMARY KEY, payload VARCHAR(200))", CancellationToken.None);
                await session.ExecuteAsync(FillSql, CancellationToken.None);
            }

            var service = new BackupService(NullEngineLog.Instance);
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var error = await Assert.ThrowsAnyAsync<Exception>(() => service.BackupTablesAsync(database.Target, new[] { "big" }, new TableBackupOptions(), null, null, stop.Token));

            Assert.True(error is OperationCanceledException || (error is RollbackToolsException known && known.ErrorId == ErrorIds.OperationCancelled), error.ToString());
            Assert.Empty(await service.GetAsync(database.Target, CancellationToken.None));
            await using DatabaseSession check = await database.OpenAsync();
            Assert.Null(await check.ScalarAsync("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'big_backup_%'", CancellationToken.None));
        }
    }

    public sealed class PostgresBackupCancellationTests : BackupCancellationTests<PostgresDatabase>
    {
        public PostgresBackupCancellationTests(PostgresDatabase database)
            : base(database)
        {
        }

        protected override string FillSql => "INSERT INTO big SELECT g, repeat('x', 150) FROM generate_series(1, 2000000) g";
    }

    public sealed class MySqlBackupCancellationTests : BackupCancellationTests<MySqlDatabase>
    {
        public MySqlBackupCancellationTests(MySqlDatabase database)
            : base(database)
        {
        }

        protected override string FillSql => "INSERT INTO big SELECT seq, REPEAT('x', 150) FROM seq_1_to_2000000";
    }
}
