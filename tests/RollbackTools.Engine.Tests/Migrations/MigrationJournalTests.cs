using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;
using RollbackTools.Engine.Tests.Infrastructure;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    /// <summary>The journal's tables and rows on each real database.</summary>
    public abstract class MigrationJournalTests<TDatabase> : IClassFixture<TDatabase>
        where TDatabase : ThrowawayDatabase
    {
        private readonly TDatabase database;

        protected MigrationJournalTests(TDatabase database)
        {
            this.database = database;
        }

        [Fact]
        public async Task ReadingANeverCreatedJournalCreatesNothing()
        {
            await using DatabaseSession session = await database.OpenAsync();
            var journal = new MigrationJournal(session, "never_created_journal");

            Assert.Empty(await journal.ReadAsync(CancellationToken.None));
            Assert.False(await journal.ExistsAsync(CancellationToken.None));
        }

        [Fact]
        public async Task KeepsTheDownScriptAndOrdersVersionsNumerically()
        {
            await using DatabaseSession session = await database.OpenAsync();
            var journal = new MigrationJournal(session, "journal_rows");
            await journal.EnsureCreatedAsync(CancellationToken.None);
            await journal.EnsureCreatedAsync(CancellationToken.None);
            string down = "DROP TABLE users; -- it's 'quoted' \n" + new string('x', 70_000);

            foreach (string version in new[] { "10", "2", "1.2.10" })
            {
                await journal.RecordAsync(Entry(version, down), CancellationToken.None);
            }

            await journal.RecordAsync(Entry("2", down) with { State = "Dirty", StatementsDone = 3 }, CancellationToken.None);

            var rows = await journal.ReadAsync(CancellationToken.None);
            Assert.Equal(new[] { "1.2.10", "2", "10" }, rows.Select(r => r.Version.Text));
            Assert.Equal(down, rows[0].DownScript);
            Assert.Equal("Dirty", rows[1].State);
            Assert.Equal(3, rows[1].StatementsDone);
            Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), rows[2].AppliedAt);
        }

        [Fact]
        public async Task HistoryIsAppendOnlyAndFilteredByTime()
        {
            await using DatabaseSession session = await database.OpenAsync();
            var journal = new MigrationJournal(session, "journal_history");
            await journal.EnsureCreatedAsync(CancellationToken.None);
            var early = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var late = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

            await journal.AppendHistoryAsync(new MigrationHistoryEntry(MigrationVersion.Parse("1"), "a", HistoryAction.Up, HistoryStatus.Succeeded, early, "me@host", TimeSpan.FromMilliseconds(5), 2, "abc", null), CancellationToken.None);
            await journal.AppendHistoryAsync(new MigrationHistoryEntry(MigrationVersion.Parse("1"), "a", HistoryAction.Down, HistoryStatus.Failed, late, "me@host", TimeSpan.Zero, 0, null, "boom"), CancellationToken.None);

            Assert.Equal(2, (await journal.ReadHistoryAsync(null, CancellationToken.None)).Count);
            MigrationHistoryEntry only = Assert.Single(await journal.ReadHistoryAsync(late.AddDays(-1), CancellationToken.None));
            Assert.Equal(HistoryAction.Down, only.Action);
            Assert.Equal("boom", only.Error);
        }

        [Fact]
        public async Task AJournalFromAnEarlierReleaseIsReadAsItIsAndUpgradedInPlaceWhenWritten()
        {
            await using DatabaseSession session = await database.OpenAsync();
            string text = session.Dialect.LargeTextType;
            string table = session.Dialect.QuoteIdentifier("old_journal");
            string history = session.Dialect.QuoteIdentifier("old_journal_history");
            // The tables exactly as the release before up scripts, failing statements and run ids created them.
            await session.ExecuteAsync($"CREATE TABLE {table} (version VARCHAR(100) NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, checksum CHAR(64) NOT NULL, down_script {text} NULL, down_in_transaction SMALLINT NOT NULL, state VARCHAR(20) NOT NULL, statements_done INTEGER NOT NULL, applied_at VARCHAR(40) NOT NULL, applied_by VARCHAR(255) NOT NULL, duration_ms BIGINT NOT NULL, error {text} NULL)", CancellationToken.None);
            await session.ExecuteAsync($"CREATE TABLE {history} (id {session.Dialect.AutoIncrementKey}, version VARCHAR(100) NOT NULL, name VARCHAR(255) NOT NULL, action VARCHAR(20) NOT NULL, status VARCHAR(20) NOT NULL, at VARCHAR(40) NOT NULL, performed_by VARCHAR(255) NOT NULL, duration_ms BIGINT NOT NULL, statements_done INTEGER NOT NULL, checksum CHAR(64) NULL, error {text} NULL)", CancellationToken.None);
            await session.ExecuteAsync($"INSERT INTO {table} VALUES ('1', 'old', '{new string('a', 64)}', 'DROP TABLE t;', 1, 'Applied', 1, '2026-01-01T00:00:00.0000000Z', 'me@host', 5, NULL)", CancellationToken.None);
            await session.ExecuteAsync($"INSERT INTO {history} (version, name, action, status, at, performed_by, duration_ms, statements_done, checksum, error) VALUES ('1', 'old', 'Up', 'Succeeded', '2026-01-01T00:00:00.0000000Z', 'me@host', 5, 1, NULL, NULL)", CancellationToken.None);
            var journal = new MigrationJournal(session, "old_journal");

            JournalEntry old = Assert.Single(await journal.ReadAsync(CancellationToken.None));
            Assert.Null(old.UpScript);
            Assert.Null(Assert.Single(await journal.ReadHistoryAsync(null, CancellationToken.None)).RunId);

            await journal.EnsureCreatedAsync(CancellationToken.None);
            await journal.RecordAsync(Entry("2", "DROP TABLE u;") with { UpScript = "CREATE TABLE u (id INTEGER);" }, CancellationToken.None);
            await journal.AppendHistoryAsync(new MigrationHistoryEntry(MigrationVersion.Parse("2"), "new", HistoryAction.Up, HistoryStatus.Failed, DateTimeOffset.UtcNow, "me@host", TimeSpan.Zero, 0, null, "boom") { RunId = "run-2", FailedStatement = "INSERT INTO nowhere VALUES (1)" }, CancellationToken.None);

            var rows = await journal.ReadAsync(CancellationToken.None);
            Assert.Equal(new[] { "1", "2" }, rows.Select(r => r.Version.Text));
            Assert.Equal("CREATE TABLE u (id INTEGER);", rows[1].UpScript);
            var entries = await journal.ReadHistoryAsync(null, CancellationToken.None);
            Assert.Equal(new[] { "old", "new" }, entries.Select(h => h.Name));
            Assert.Equal("run-2", entries[1].RunId);
            Assert.Equal("INSERT INTO nowhere VALUES (1)", entries[1].FailedStatement);
        }

        private static JournalEntry Entry(string version, string down) => new JournalEntry(
            MigrationVersion.Parse(version), "m" + version, new string('a', 64), down, true, "Applied", 1,
            new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), "tester@machine", TimeSpan.FromMilliseconds(12), null);
    }

    public sealed class PostgresJournalTests : MigrationJournalTests<PostgresDatabase>
    {
        public PostgresJournalTests(PostgresDatabase database)
            : base(database)
        {
        }
    }

    public sealed class MySqlJournalTests : MigrationJournalTests<MySqlDatabase>
    {
        public MySqlJournalTests(MySqlDatabase database)
            : base(database)
        {
        }
    }

    public sealed class SqliteJournalTests : MigrationJournalTests<SqliteDatabase>
    {
        public SqliteJournalTests(SqliteDatabase database)
            : base(database)
        {
        }
    }
}
