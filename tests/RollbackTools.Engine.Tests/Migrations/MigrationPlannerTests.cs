using System;
using System.Collections.Generic;
using System.Linq;
using RollbackTools.Engine.Migrations;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    /// <summary>States and selections decided from the folder and the journal, before any database is touched.</summary>
    public sealed class MigrationPlannerTests
    {
        private static readonly DatabaseTarget Database = DatabaseTarget.Parse("sqlite::memory:");

        [Fact]
        public void DescribesEveryState()
        {
            MigrationScript[] scripts = { Script("1"), Script("2"), Script("3", up: "changed"), Script("4"), Script("5") };
            JournalEntry[] journal =
            {
                Entry("1"),
                Entry("3"),
                Entry("4", state: "Dirty", done: 2),
                Entry("5", state: "Failed"),
                Entry("6"),
            };

            IReadOnlyList<MigrationInfo> infos = MigrationPlanner.Describe(scripts, journal, Database, "j");

            Assert.Equal(
                new[] { MigrationState.Applied, MigrationState.Pending, MigrationState.Modified, MigrationState.Dirty, MigrationState.Failed, MigrationState.Missing },
                infos.Select(i => i.State));
            Assert.Equal(2, infos[3].StatementsDone);
            Assert.Null(infos[1].AppliedAt);
            Assert.True(infos[5].HasDown);
        }

        [Fact]
        public void WithoutAFolderTheJournalSaysApplied()
        {
            IReadOnlyList<MigrationInfo> infos = MigrationPlanner.Describe(null, new[] { Entry("1") }, Database, "j");
            Assert.Equal(MigrationState.Applied, Assert.Single(infos).State);
        }

        [Fact]
        public void SelectsPendingAndFailedInOrderUpToTargetAndCount()
        {
            MigrationScript[] scripts = { Script("1"), Script("2"), Script("3"), Script("10") };
            JournalEntry[] journal = { Entry("1"), Entry("2", state: "Failed") };

            Assert.Equal(new[] { "2", "3", "10" }, Versions(MigrationPlanner.SelectPending(scripts, journal, new UpSelection(), new MigrationRunOptions(), Database, NullEngineLog.Instance)));
            Assert.Equal(new[] { "2", "3" }, Versions(MigrationPlanner.SelectPending(scripts, journal, new UpSelection { Target = "3" }, new MigrationRunOptions(), Database, NullEngineLog.Instance)));
            Assert.Equal(new[] { "2" }, Versions(MigrationPlanner.SelectPending(scripts, journal, new UpSelection { Count = 1 }, new MigrationRunOptions(), Database, NullEngineLog.Instance)));
        }

        [Fact]
        public void RefusesAnUnknownTarget() =>
            AssertRefused(ErrorIds.MigrationNotFound, () => MigrationPlanner.SelectPending(new[] { Script("1") }, Array.Empty<JournalEntry>(), new UpSelection { Target = "9" }, new MigrationRunOptions(), Database, NullEngineLog.Instance));

        [Fact]
        public void RefusesAChangedFileUnlessAllowed()
        {
            MigrationScript[] scripts = { Script("1", up: "edited after deploy"), Script("2") };
            JournalEntry[] journal = { Entry("1") };

            AssertRefused(ErrorIds.ChecksumMismatch, () => MigrationPlanner.SelectPending(scripts, journal, new UpSelection(), new MigrationRunOptions(), Database, NullEngineLog.Instance));
            var log = new RecordingLog();
            Assert.Equal(new[] { "2" }, Versions(MigrationPlanner.SelectPending(scripts, journal, new UpSelection(), new MigrationRunOptions { AllowModified = true }, Database, log)));
            Assert.Contains(log.Warnings, w => w.Contains("different script", StringComparison.Ordinal));
        }

        [Fact]
        public void RefusesAMigrationWithoutDownUnlessAllowed()
        {
            MigrationScript[] scripts = { Script("1", down: null) };

            AssertRefused(ErrorIds.MissingDownScript, () => MigrationPlanner.SelectPending(scripts, Array.Empty<JournalEntry>(), new UpSelection(), new MigrationRunOptions(), Database, NullEngineLog.Instance));
            Assert.Single(MigrationPlanner.SelectPending(scripts, Array.Empty<JournalEntry>(), new UpSelection(), new MigrationRunOptions { AllowMissingDown = true }, Database, NullEngineLog.Instance));
        }

        [Fact]
        public void RefusesADirtyDatabase()
        {
            JournalEntry[] journal = { Entry("1"), Entry("2", state: "Dirty") };

            AssertRefused(ErrorIds.DatabaseDirty, () => MigrationPlanner.SelectPending(new[] { Script("1"), Script("2"), Script("3") }, journal, new UpSelection(), new MigrationRunOptions(), Database, NullEngineLog.Instance));
            AssertRefused(ErrorIds.DatabaseDirty, () => MigrationPlanner.SelectApplied(journal, new DownSelection(), Database));
            AssertRefused(ErrorIds.DatabaseDirty, () => MigrationPlanner.SelectApplied(journal, new DownSelection { Versions = new[] { "2" } }, Database));
            Assert.Equal(new[] { "2" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { Versions = new[] { "2" }, Force = true }, Database)));
        }

        [Fact]
        public void SelectsAppliedNewestFirst()
        {
            JournalEntry[] journal = { Entry("1"), Entry("2"), Entry("3", state: "Failed"), Entry("10") };

            Assert.Equal(new[] { "10" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection(), Database)));
            Assert.Equal(new[] { "10", "2" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { Count = 2 }, Database)));
            Assert.Equal(new[] { "10", "2" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { To = "1" }, Database)));
            Assert.Equal(new[] { "10", "2", "1" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { All = true }, Database)));
            Assert.Equal(new[] { "10", "1" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { Versions = new[] { "1", "10" } }, Database)));
            AssertRefused(ErrorIds.MigrationNotFound, () => MigrationPlanner.SelectApplied(journal, new DownSelection { Versions = new[] { "3" } }, Database));
            AssertRefused(ErrorIds.MigrationNotFound, () => MigrationPlanner.SelectApplied(journal, new DownSelection { Versions = new[] { "not-a-version" } }, Database));
        }

        [Fact]
        public void RefusesAToVersionNeitherAppliedNorInTheFolder()
        {
            JournalEntry[] journal = { Entry("20240101090000"), Entry("20240102090000"), Entry("20240103090000", state: "Failed") };
            MigrationVersion[] folder = { MigrationVersion.Parse("20240101090000"), MigrationVersion.Parse("20240102090000"), MigrationVersion.Parse("20231231000000") };

            AssertRefused(ErrorIds.MigrationNotFound, () => MigrationPlanner.SelectApplied(journal, new DownSelection { To = "12345" }, Database, folder));
            AssertRefused(ErrorIds.MigrationNotFound, () => MigrationPlanner.SelectApplied(journal, new DownSelection { To = "12345" }, Database));
            AssertRefused(ErrorIds.MigrationNotFound, () => MigrationPlanner.SelectApplied(journal, new DownSelection { To = "20240103090000" }, Database));
            Assert.Equal(new[] { "20240102090000", "20240101090000" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { To = "20231231000000" }, Database, folder)));
            Assert.Empty(MigrationPlanner.SelectApplied(journal, new DownSelection { To = "20240102090000" }, Database));
        }

        [Fact]
        public void ForceIsRefusedForAMigrationThatIsNotDirty()
        {
            JournalEntry[] journal = { Entry("1"), Entry("2") };

            AssertRefused(ErrorIds.MigrationNotDirty, () => MigrationPlanner.SelectApplied(journal, new DownSelection { Versions = new[] { "2" }, Force = true }, Database));
            AssertRefused(ErrorIds.MigrationNotDirty, () => MigrationPlanner.SelectApplied(journal, new DownSelection { Count = 1, Force = true }, Database));
            JournalEntry[] dirty = { Entry("1"), Entry("2", state: "Dirty") };
            AssertRefused(ErrorIds.MigrationNotDirty, () => MigrationPlanner.SelectApplied(dirty, new DownSelection { Versions = new[] { "1", "2" }, Force = true }, Database));
        }

        private static void AssertRefused(string errorId, Action action) =>
            Assert.Equal(errorId, Assert.Throws<RollbackToolsException>(action).ErrorId);

        [Fact]
        public void RepeatablesSortAfterNumberedVersionsAndByName()
        {
            var versions = new[] { "R__b", "10", "R__a", "2" }.Select(MigrationVersion.Parse).OrderBy(v => v).Select(v => v.Text);
            Assert.Equal(new[] { "2", "10", "R__a", "R__b" }, versions);
            Assert.True(MigrationVersion.Parse("R__a").IsRepeatable);
            Assert.Equal(MigrationVersion.Parse("R__a"), MigrationVersion.Parse(" R__a "));
            Assert.False(MigrationVersion.TryParse("R__", out _));
        }

        [Fact]
        public void AChangedRepeatableIsPendingAndReplacesTheTextTheJournalHolds()
        {
            MigrationScript repeatable = Script("R__views", up: "CREATE VIEW v2;", down: "");
            JournalEntry applied = Entry("R__views") with { Checksum = MigrationScript.Sha256("CREATE VIEW v1;"), UpScript = "CREATE VIEW v1;" };

            Assert.Equal(MigrationState.Pending, MigrationPlanner.Describe(new[] { repeatable }, new[] { applied }, Database, "j")[0].State);
            MigrationScript planned = Assert.Single(MigrationPlanner.SelectPending(new[] { repeatable }, new[] { applied }, new UpSelection(), new MigrationRunOptions(), Database, NullEngineLog.Instance));
            Assert.Equal("CREATE VIEW v1;", planned.DownSql);

            JournalEntry same = applied with { Checksum = repeatable.Checksum };
            Assert.Empty(MigrationPlanner.SelectPending(new[] { repeatable }, new[] { same }, new UpSelection(), new MigrationRunOptions(), Database, NullEngineLog.Instance));
        }

        [Fact]
        public void UndoTakesARepeatableBackWhereItWasAppliedNotAfterEverything()
        {
            DateTimeOffset t = DateTimeOffset.UtcNow.AddHours(-1);
            JournalEntry[] journal =
            {
                Entry("1") with { AppliedAt = t },
                Entry("R__views") with { AppliedAt = t.AddMinutes(1) },
                Entry("2") with { AppliedAt = t.AddMinutes(2) },
                Entry("R__procs") with { AppliedAt = t.AddMinutes(3) },
                Entry("3") with { AppliedAt = t.AddMinutes(4) },
            };

            Assert.Equal(new[] { "3", "R__procs", "2", "R__views", "1" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { All = true }, Database)));
            Assert.Equal(new[] { "3" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection(), Database)));
            Assert.Equal(new[] { "3", "R__procs" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { To = "2" }, Database)));
            Assert.Equal(new[] { "3", "R__procs", "2", "R__views" }, Versions(MigrationPlanner.SelectApplied(journal, new DownSelection { To = "1" }, Database)));
        }

        private static IEnumerable<string> Versions(IEnumerable<MigrationScript> scripts) => scripts.Select(s => s.Version.Text);

        private static IEnumerable<string> Versions(IEnumerable<JournalEntry> entries) => entries.Select(e => e.Version.Text);

        private static MigrationScript Script(string version, string? up = null, string? down = "DROP TABLE t;") =>
            new MigrationScript(MigrationVersion.Parse(version), "m" + version, MigrationFormat.GolangMigrate, version + "_m.up.sql", up ?? "CREATE TABLE t" + version + " (id int);", down, null, true, true);

        private static JournalEntry Entry(string version, string state = "Applied", int done = 0) =>
            new JournalEntry(MigrationVersion.Parse(version), "m" + version, MigrationScript.Sha256("CREATE TABLE t" + version + " (id int);"), "DROP TABLE t;", true, state, done, DateTimeOffset.UtcNow, "me@host", TimeSpan.Zero, null);

        private sealed class RecordingLog : IEngineLog
        {
            public List<string> Warnings { get; } = new List<string>();

            public void Verbose(string message)
            {
            }

            public void Debug(string message)
            {
            }

            public void Warning(string message) => Warnings.Add(message);
        }
    }
}
