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

            await journal.AppendHistoryAsync(new MigrationHistoryEntry(MigrationVersion.Parse("1"), "a", "Up", "Succeeded", early, "me@host", TimeSpan.FromMilliseconds(5), 2, "abc", null), CancellationToken.None);
            await journal.AppendHistoryAsync(new MigrationHistoryEntry(MigrationVersion.Parse("1"), "a", "Down", "Failed", late, "me@host", TimeSpan.Zero, 0, null, "boom"), CancellationToken.None);

            Assert.Equal(2, (await journal.ReadHistoryAsync(null, CancellationToken.None)).Count);
            MigrationHistoryEntry only = Assert.Single(await journal.ReadHistoryAsync(late.AddDays(-1), CancellationToken.None));
            Assert.Equal("Down", only.Action);
            Assert.Equal("boom", only.Error);
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
