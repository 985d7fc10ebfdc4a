using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Adoption;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;
using RollbackTools.Engine.Tests.Infrastructure;
using Xunit;

namespace RollbackTools.Engine.Tests.Adoption
{
    /// <summary>Each tool's history table, written as the tool writes it, read back and matched to a folder, on every database.</summary>
    public abstract class OtherToolHistoryTests<TDatabase> : IClassFixture<TDatabase>, IDisposable
        where TDatabase : ThrowawayDatabase
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "rbt-history-" + Guid.NewGuid().ToString("N"));

        protected OtherToolHistoryTests(TDatabase database)
        {
            Database = database;
            Directory.CreateDirectory(folder);
        }

        protected TDatabase Database { get; }

        protected abstract string True { get; }

        protected abstract string False { get; }

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Fact]
        public async Task FlywayBaselineUndoAndRepeatableRowsSettleInRankOrder()
        {
            Write("V1__a.sql", "CREATE TABLE a (id int);");
            Write("V2__b.sql", "CREATE TABLE b (id int);");
            Write("V3__c.sql", "CREATE TABLE c (id int);");
            Write("V4__d.sql", "CREATE TABLE d (id int);");
            Write("R__views.sql", "SELECT 1;");
            string table = Unique("flyway_schema_history");
            await ExecuteAsync(
                $"CREATE TABLE {table} (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOLEAN NOT NULL)",
                $"INSERT INTO {table} (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES " +
                $"(1, '2', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'ops', 0, {True}), " +
                $"(2, '3', 'c', 'SQL', 'V3__c.sql', {FlywayChecksum.Of("CREATE TABLE c (id int);")}, 'ops', 5, {True}), " +
                $"(3, '4', 'd', 'SQL', 'V4__d.sql', 12345, 'ops', 5, {False}), " +
                $"(4, '4', 'd', 'UNDO_SQL', 'U4__d.sql', NULL, 'ops', 5, {True}), " +
                $"(5, NULL, 'views', 'SQL', 'R__views.sql', {FlywayChecksum.Of("SELECT 1;")}, 'ops', 1, {True})");

            IReadOnlyList<ForeignEntry> entries = await ReadAsync(new FlywayHistory(), table);

            Assert.Equal(new[] { "1", "2", "3", "R__views" }, entries.Select(e => e.Script!.Version.Text));
            Assert.All(entries, e => Assert.False(e.Dirty));
            Assert.True(entries[2].ChecksumMatches);
            Assert.Null(entries[0].ChecksumMatches);
            Assert.Equal("ops", entries[2].AppliedBy);
        }

        [Fact]
        public async Task GooseTheNewestRowOfAVersionDecides()
        {
            Write("00001_a.sql", "-- +goose Up\nSELECT 1;\n");
            Write("00002_b.sql", "-- +goose Up\nSELECT 2;\n");
            string table = Unique("goose_db_version");
            await ExecuteAsync(
                $"CREATE TABLE {table} (id INTEGER NOT NULL PRIMARY KEY, version_id BIGINT NOT NULL, is_applied BOOLEAN NOT NULL, tstamp TIMESTAMP NULL)",
                $"INSERT INTO {table} (id, version_id, is_applied) VALUES (1, 0, {True}), (2, 1, {True}), (3, 2, {True}), (4, 2, {False}), (5, 7, {True})");

            IReadOnlyList<ForeignEntry> entries = await ReadAsync(new GooseHistory(), table);

            Assert.Equal(new[] { "1", "7" }, entries.Select(e => e.Key));
            Assert.Equal("00001", entries[0].Script!.Version.Text);
            Assert.Null(entries[1].Script);
        }

        [Fact]
        public async Task LiquibaseMatchesAuthorIdAndFileName()
        {
            Write("001-a.sql", "--liquibase formatted sql\n--changeset ann:1\nSELECT 1;\n--changeset ann:2\nSELECT 2;\n");
            Write("002-b.sql", "--liquibase formatted sql\n--changeset ann:1\nSELECT 3;\n");
            string table = Unique("databasechangelog");
            await ExecuteAsync(
                $"CREATE TABLE {table} (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL)",
                $"INSERT INTO {table} (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE) VALUES " +
                "('1', 'ann', 'db/002-b.sql', CURRENT_TIMESTAMP, 1, 'EXECUTED'), ('1', 'ann', 'changelog/001-a.sql', CURRENT_TIMESTAMP, 2, 'MARK_RAN'), ('2', 'ann', '001-a.sql', CURRENT_TIMESTAMP, 3, 'FAILED'), ('9', 'bob', '001-a.sql', CURRENT_TIMESTAMP, 4, 'EXECUTED')");

            IReadOnlyList<ForeignEntry> entries = await ReadAsync(new LiquibaseHistory(), table);

            Assert.Equal(new[] { "002.1", "001.1", "001.2" }, entries.Take(3).Select(e => e.Script!.Version.Text));
            Assert.True(entries[2].Dirty);
            Assert.Null(entries[3].Script);
        }

        [Fact]
        public async Task GolangMigrateAndDbmateShareATableNameAndAreToldApartByTheDirtyColumn()
        {
            Write("1_a.up.sql", "SELECT 1;");
            Write("2_b.up.sql", "SELECT 2;");
            string golang = Unique("schema_migrations");
            string dbmate = Unique("schema_migrations");
            await ExecuteAsync(
                $"CREATE TABLE {golang} (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)",
                $"INSERT INTO {golang} (version, dirty) VALUES (2, {True})",
                $"CREATE TABLE {dbmate} (version VARCHAR(128) PRIMARY KEY)",
                $"INSERT INTO {dbmate} (version) VALUES ('2')");

            await using DatabaseSession session = await DatabaseSession.OpenAsync(Database.Target, NullEngineLog.Instance, CancellationToken.None);
            Assert.True(await new GolangMigrateHistory().IsPresentAsync(session, new HistoryTable(null, golang), CancellationToken.None));
            Assert.False(await new DbmateHistory().IsPresentAsync(session, new HistoryTable(null, golang), CancellationToken.None));
            Assert.True(await new DbmateHistory().IsPresentAsync(session, new HistoryTable(null, dbmate), CancellationToken.None));
            Assert.False(await new GolangMigrateHistory().IsPresentAsync(session, new HistoryTable(null, dbmate), CancellationToken.None));

            IReadOnlyList<ForeignEntry> entries = await ReadAsync(new GolangMigrateHistory(), golang);
            Assert.Equal(new[] { "1", "2" }, entries.Select(e => e.Script!.Version.Text));
            Assert.Equal(new[] { false, true }, entries.Select(e => e.Dirty));
        }

        private static string Unique(string name) => name + "_" + Guid.NewGuid().ToString("N").Substring(0, 6);

        private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text);

        private async Task ExecuteAsync(params string[] statements)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(Database.Target, NullEngineLog.Instance, CancellationToken.None);
            foreach (string sql in statements)
            {
                await session.ExecuteAsync(sql, CancellationToken.None);
            }
        }

        private async Task<IReadOnlyList<ForeignEntry>> ReadAsync(IOtherToolHistory history, string table)
        {
            IReadOnlyList<MigrationScript> scripts = MigrationDiscovery.Discover(folder, Database.Target.Provider);
            await using DatabaseSession session = await DatabaseSession.OpenAsync(Database.Target, NullEngineLog.Instance, CancellationToken.None);
            return await history.ReadAsync(session, new HistoryTable(null, table), scripts, folder, CancellationToken.None);
        }
    }

    public sealed class PostgresOtherToolHistoryTests : OtherToolHistoryTests<PostgresDatabase>
    {
        public PostgresOtherToolHistoryTests(PostgresDatabase database)
            : base(database)
        {
        }

        protected override string True => "true";

        protected override string False => "false";
    }

    public sealed class MySqlOtherToolHistoryTests : OtherToolHistoryTests<MySqlDatabase>
    {
        public MySqlOtherToolHistoryTests(MySqlDatabase database)
            : base(database)
        {
        }

        protected override string True => "true";

        protected override string False => "false";
    }

    public sealed class SqliteOtherToolHistoryTests : OtherToolHistoryTests<SqliteDatabase>
    {
        public SqliteOtherToolHistoryTests(SqliteDatabase database)
            : base(database)
        {
        }

        protected override string True => "1";

        protected override string False => "0";
    }
}
