using System;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Tests.Infrastructure;
using Xunit;

namespace RollbackTools.Engine.Tests.Backups
{
    /// <summary>
    /// A backup of a table that other sessions keep writing to: the copy and both checksums must see one instant.
    /// Where the source is checked on a second connection, a snapshot not really shared would see the rows
    /// committed meanwhile and the verification would fail.
    /// </summary>
    public abstract class BackupUnderWritesTests<TDatabase> : IClassFixture<TDatabase>
        where TDatabase : ThrowawayDatabase
    {
        private readonly TDatabase database;

        protected BackupUnderWritesTests(TDatabase database)
        {
            this.database = database;
        }

        protected abstract string FillSql { get; }

        [Fact]
        public async Task ABackupTakenWhileRowsAreCommittedIsVerifiedAndHoldsOneInstant()
        {
            await using (DatabaseSession session = await database.OpenAsync())
            {
                await session.ExecuteAsync("CREATE TABLE busy (id INTEGER PRIMARY KEY, payload VARCHAR(200))", CancellationToken.None);
                await session.ExecuteAsync(FillSql, CancellationToken.None);
            }

            using var stopWriting = new CancellationTokenSource();
            Task<int> writer = WriteUntilStoppedAsync(stopWriting.Token);
            MigrationBackup backup;
            try
            {
                await Task.Delay(100);
                var service = new BackupService(NullEngineLog.Instance);
                backup = (await service.BackupTablesAsync(database.Target, new[] { "busy" }, new TableBackupOptions(), null, null, CancellationToken.None))[0];
            }
            finally
            {
                stopWriting.Cancel();
            }

            int written = await writer;
            Assert.True(written > 0, "the writer must commit rows while the backup runs");
            Assert.True(backup.Verified);
            await using DatabaseSession check = await database.OpenAsync();
            long copied = Convert.ToInt64(await check.ScalarAsync($"SELECT count(*) FROM {check.Dialect.QuoteIdentifier(backup.BackupTable!)}", CancellationToken.None));
            long now = Convert.ToInt64(await check.ScalarAsync("SELECT count(*) FROM busy", CancellationToken.None));
            Assert.Equal(backup.RowCount, copied);
            Assert.InRange(copied, 300000, now - 1);
        }

        /// <summary>One row per transaction, committed as fast as the server takes them, new ids above the fill.</summary>
        private async Task<int> WriteUntilStoppedAsync(CancellationToken stop)
        {
            await using DatabaseSession session = await database.OpenAsync();
            int written = 0;
            while (!stop.IsCancellationRequested)
            {
                int id = 1000000 + written;
                await session.ExecuteAsync("INSERT INTO busy (id, payload) VALUES (@id, 'late')", new (string, object?)[] { ("id", id) }, CancellationToken.None);
                written++;
                await Task.Yield();
            }

            return written;
        }
    }

    public sealed class PostgresBackupUnderWritesTests : BackupUnderWritesTests<PostgresDatabase>
    {
        public PostgresBackupUnderWritesTests(PostgresDatabase database)
            : base(database)
        {
        }

        protected override string FillSql => "INSERT INTO busy SELECT g, repeat('x', 100) FROM generate_series(1, 300000) g";
    }

    public sealed class MySqlBackupUnderWritesTests : BackupUnderWritesTests<MySqlDatabase>
    {
        public MySqlBackupUnderWritesTests(MySqlDatabase database)
            : base(database)
        {
        }

        protected override string FillSql => "INSERT INTO busy SELECT seq, REPEAT('x', 100) FROM seq_1_to_300000";
    }
}
