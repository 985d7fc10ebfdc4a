using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;
using RollbackTools.Engine.Tests.Infrastructure;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    /// <summary>
    /// Runs against each real database. Expectations that differ follow what the dialect says about
    /// transactional DDL, the one difference that matters to a failed migration.
    /// </summary>
    public abstract class MigratorTests<TDatabase> : IClassFixture<TDatabase>, IDisposable
        where TDatabase : ThrowawayDatabase
    {
        private readonly TDatabase database;
        private readonly string folder = Path.Combine(Path.GetTempPath(), "rbt-migrator-" + Guid.NewGuid().ToString("N"));
        private readonly string prefix = "m" + Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly Migrator migrator = new Migrator(NullEngineLog.Instance);

        protected MigratorTests(TDatabase database)
        {
            this.database = database;
            Directory.CreateDirectory(folder);
        }

        private bool Transactional => database.Target.Driver.Dialect.SupportsTransactionalDdl;

        private MigrationRunOptions Options => new MigrationRunOptions { JournalTable = prefix + "_journal", LockWait = TimeSpan.FromMilliseconds(300) };

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Fact]
        public async Task AVerifyScriptThatReturnsNoRowFailsTheMigration()
        {
            Write($"1_{prefix}.up.sql", $"CREATE TABLE {prefix}_v (id INTEGER);");
            Write($"1_{prefix}.down.sql", $"DROP TABLE {prefix}_v;");
            Write($"1_{prefix}.verify.sql", $"SELECT 1 FROM {prefix}_v WHERE id = 42;");

            MigrationResult result = Assert.Single(await RunUpAsync(Options));

            Assert.Equal(MigrationStatus.Failed, result.Status);
            Assert.Contains("no row", result.Error, StringComparison.Ordinal);
            Assert.Equal(Transactional ? MigrationState.Failed : MigrationState.Dirty, (await StatusAsync()).Single().State);
            Assert.Equal(!Transactional, await TableExistsAsync(prefix + "_v"));
        }

        [Fact]
        public async Task AVerifyScriptThatReturnsARowLetsTheMigrationPass()
        {
            Write($"1_{prefix}.up.sql", $"CREATE TABLE {prefix}_v (id INTEGER);\nINSERT INTO {prefix}_v VALUES (42);");
            Write($"1_{prefix}.down.sql", $"DROP TABLE {prefix}_v;");
            Write($"1_{prefix}.verify.sql", $"SELECT 1 FROM {prefix}_v WHERE id = 42;");

            Assert.Equal(MigrationStatus.Succeeded, Assert.Single(await RunUpAsync(Options)).Status);
        }

        [Fact]
        public async Task SingleTransactionAppliesAllOrNothing()
        {
            Write($"1_{prefix}_a.up.sql", $"CREATE TABLE {prefix}_a (id INTEGER);");
            Write($"1_{prefix}_a.down.sql", $"DROP TABLE {prefix}_a;");
            Write($"2_{prefix}_b.up.sql", $"CREATE TABLE {prefix}_b (id INTEGER);\nINSERT INTO {prefix}_missing VALUES (1);");
            Write($"2_{prefix}_b.down.sql", $"DROP TABLE {prefix}_b;");
            MigrationRunOptions options = Options;
            options.SingleTransaction = true;

            if (!Transactional)
            {
                var refused = await Assert.ThrowsAsync<RollbackToolsException>(() => RunUpAsync(options));
                Assert.Equal(ErrorIds.NotSupported, refused.ErrorId);
                return;
            }

            IReadOnlyList<MigrationResult> results = await RunUpAsync(options);

            Assert.Equal(new[] { MigrationStatus.RolledBack, MigrationStatus.Failed }, results.Select(r => r.Status));
            Assert.False(await TableExistsAsync(prefix + "_a"));
            Assert.Equal(new[] { MigrationState.Pending, MigrationState.Failed }, (await StatusAsync()).Select(i => i.State));
        }

        [Fact]
        public async Task ANoTransactionScriptCountsItsStatementsAndIsDirtyWhenItFails()
        {
            Write($"1_{prefix}.up.sql", $"-- rollbacktools:no-transaction\nCREATE TABLE {prefix}_n (id INTEGER);\nINSERT INTO {prefix}_missing VALUES (1);");
            Write($"1_{prefix}.down.sql", $"DROP TABLE {prefix}_n;");

            MigrationResult result = Assert.Single(await RunUpAsync(Options));

            Assert.Equal(MigrationStatus.Failed, result.Status);
            Assert.Equal(3, result.FailedLine);
            MigrationInfo info = Assert.Single(await StatusAsync());
            Assert.Equal(MigrationState.Dirty, info.State);
            Assert.Equal(1, info.StatementsDone);
            Assert.True(await TableExistsAsync(prefix + "_n"));
        }

        [Fact]
        public async Task ReportsTheFailingLineOfADbmateFile()
        {
            Write($"1_{prefix}.sql", $"-- migrate:up\nCREATE TABLE {prefix}_d (id INTEGER);\n\nINSERT INTO {prefix}_missing VALUES (1);\n-- migrate:down\nDROP TABLE {prefix}_d;\n");

            MigrationResult result = Assert.Single(await RunUpAsync(Options));

            Assert.Equal(4, result.FailedLine);
            Assert.Equal($"INSERT INTO {prefix}_missing VALUES (1)", result.FailedStatement);
        }

        [Fact]
        public async Task TheServersErrorCodeTravelsToTheResultAndTheHistory()
        {
            Write($"1_{prefix}.up.sql", $"INSERT INTO {prefix}_missing VALUES (1);");
            Write($"1_{prefix}.down.sql", "SELECT 1;");

            MigrationResult result = Assert.Single(await RunUpAsync(Options));

            // The code each database gives for a table that does not exist.
            string expected = database.Target.Provider switch
            {
                DatabaseProvider.PostgreSql => "42P01",
                DatabaseProvider.MySql => "1146",
                _ => "1",
            };
            Assert.Equal(expected, result.ErrorCode);
            MigrationHistoryEntry failed = (await migrator.GetHistoryAsync(database.Target, Options.JournalTable, null, CancellationToken.None)).Last();
            Assert.Contains(failed.Status, new[] { HistoryStatus.Failed, HistoryStatus.Dirty });
            Assert.Equal(expected, failed.ErrorCode);
        }

        [Fact]
        public async Task GivesUpWithMigrationLockedWhileAnotherRunnerHoldsTheLock()
        {
            Write($"1_{prefix}.up.sql", $"CREATE TABLE {prefix}_l (id INTEGER);");
            Write($"1_{prefix}.down.sql", $"DROP TABLE {prefix}_l;");
            MigrationPlan plan = await migrator.PlanUpAsync(database.Target, folder, new UpSelection(), Options, CancellationToken.None);

            await using DatabaseSession other = await HoldRunLockAsync(plan);

            var locked = await Assert.ThrowsAsync<RollbackToolsException>(() => migrator.RunAsync(plan, plan.Steps.Count, null, CancellationToken.None));

            Assert.Equal(ErrorIds.MigrationLocked, locked.ErrorId);
            Assert.False(await TableExistsAsync(prefix + "_l"));
        }

        [Fact]
        public async Task CtrlCWhileWaitingForTheRunLockIsOperationCancelled()
        {
            Write($"1_{prefix}.up.sql", $"CREATE TABLE {prefix}_w (id INTEGER);");
            Write($"1_{prefix}.down.sql", $"DROP TABLE {prefix}_w;");
            MigrationRunOptions options = Options;
            options.LockWait = TimeSpan.FromMinutes(1);
            MigrationPlan plan = await migrator.PlanUpAsync(database.Target, folder, new UpSelection(), options, CancellationToken.None);
            await using DatabaseSession other = await HoldRunLockAsync(plan);

            using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
            var stopped = await Assert.ThrowsAsync<RollbackToolsException>(() => migrator.RunAsync(plan, plan.Steps.Count, null, ctrlC.Token));

            Assert.Equal(ErrorIds.OperationCancelled, stopped.ErrorId);
            Assert.False(await TableExistsAsync(prefix + "_w"));
        }

        [Fact]
        public async Task UndoPrefersTheFilesWithFromFiles()
        {
            Write($"1_{prefix}.up.sql", $"CREATE TABLE {prefix}_f (id INTEGER);");
            Write($"1_{prefix}.down.sql", $"DROP TABLE {prefix}_f;");
            await RunUpAsync(Options);
            Write($"1_{prefix}.down.sql", $"DROP TABLE {prefix}_f;\nCREATE TABLE {prefix}_from_file (id INTEGER);");

            MigrationPlan fromJournal = await migrator.PlanDownAsync(database.Target, folder, new DownSelection(), Options, CancellationToken.None);
            MigrationPlan fromFiles = await migrator.PlanDownAsync(database.Target, folder, new DownSelection { FromFiles = true }, Options, CancellationToken.None);
            Assert.Null(fromJournal.Steps[0].Path);
            Assert.DoesNotContain("from_file", fromJournal.Steps[0].Sql, StringComparison.Ordinal);

            MigrationResult result = Assert.Single(await migrator.RunAsync(fromFiles, 1, null, CancellationToken.None));
            Assert.Equal(MigrationStatus.Succeeded, result.Status);
            Assert.True(await TableExistsAsync(prefix + "_from_file"));
        }

        private async Task<IReadOnlyList<MigrationResult>> RunUpAsync(MigrationRunOptions options)
        {
            MigrationPlan plan = await migrator.PlanUpAsync(database.Target, folder, new UpSelection(), options, CancellationToken.None);
            return await migrator.RunAsync(plan, plan.Steps.Count, null, CancellationToken.None);
        }

        private Task<IReadOnlyList<MigrationInfo>> StatusAsync() => migrator.GetStatusAsync(database.Target, folder, Options.JournalTable, CancellationToken.None);

        /// <summary>Another runner's session holding what a run must wait for: the run lock, or on SQLite the file's write lock.</summary>
        private async Task<DatabaseSession> HoldRunLockAsync(MigrationPlan plan)
        {
            DatabaseSession other = await database.OpenAsync();
            await new MigrationJournal(other, plan.JournalTable).EnsureCreatedAsync(CancellationToken.None);
            if (other.Dialect.AcquireLockSql != null)
            {
                await other.ScalarAsync(other.Dialect.AcquireLockSql, new (string, object?)[]
                {
                    ("@key", MigrationRunLock.KeyFor(database.Target, plan.JournalTable)),
                }, CancellationToken.None);
            }
            else
            {
                // BEGIN IMMEDIATE alone already takes SQLite's write lock; a write makes sure it is held.
                await other.BeginAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
                await other.ExecuteAsync($"CREATE TABLE {prefix}_hold_{Guid.NewGuid():N} (id INTEGER)", CancellationToken.None);
            }

            return other;
        }

        private async Task<bool> TableExistsAsync(string table)
        {
            await using DatabaseSession session = await database.OpenAsync();
            return await session.ScalarAsync(session.Dialect.TableExistsSql, new (string, object?)[]
            {
                ("@schema", null),
                ("@table", table),
            }, CancellationToken.None) != null;
        }

        private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text);
    }

    public sealed class PostgresMigratorTests : MigratorTests<PostgresDatabase>
    {
        public PostgresMigratorTests(PostgresDatabase database)
            : base(database)
        {
        }
    }

    public sealed class MySqlMigratorTests : MigratorTests<MySqlDatabase>
    {
        public MySqlMigratorTests(MySqlDatabase database)
            : base(database)
        {
        }
    }

    public sealed class SqliteMigratorTests : MigratorTests<SqliteDatabase>
    {
        public SqliteMigratorTests(SqliteDatabase database)
            : base(database)
        {
        }
    }
}
