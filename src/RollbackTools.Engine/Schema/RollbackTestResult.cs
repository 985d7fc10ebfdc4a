using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>Whether one migration's down script really takes it back, and its up script really re-applies.</summary>
    public sealed class RollbackTestResult
    {
        internal RollbackTestResult(MigrationVersion version, string name, DatabaseTarget database)
        {
            Version = version;
            Name = name;
            Database = database;
        }

        public MigrationVersion Version { get; }

        public string Name { get; }

        public bool Passed { get; internal set; }

        /// <summary>Where it failed: Up, Verify, Down, RollbackDiffers, ReapplyDiffers; null when it passed.</summary>
        public string? FailedAt { get; internal set; }

        public string? Error { get; internal set; }

        /// <summary>What the schema after down (or after the second up) has that it should not, or lacks.</summary>
        public IReadOnlyList<SchemaDifference> Differences { get; internal set; } = Array.Empty<SchemaDifference>();

        public TimeSpan UpDuration { get; internal set; }

        public TimeSpan DownDuration { get; internal set; }

        public TimeSpan Duration { get; internal set; }

        public DatabaseTarget Database { get; }

        public override string ToString() => $"{Version} {Name}: {(Passed ? "passed" : "failed at " + FailedAt)}";
    }

    /// <summary>How Test-MigrationRollback runs.</summary>
    public sealed class RollbackTestOptions
    {
        public string? JournalTable { get; set; }

        public IReadOnlyList<string>? Versions { get; set; }

        /// <summary>All of it in one transaction, rolled back at the end (PostgreSQL, SQLite).</summary>
        public bool InTransaction { get; set; }

        /// <summary>Leave the tested migrations applied (and journaled) instead of taking them back at the end.</summary>
        public bool KeepApplied { get; set; }

        /// <summary>Run on MySQL/MariaDB although tables hold data.</summary>
        public bool Force { get; set; }

        /// <summary>How long to wait for another runner's lock.</summary>
        public System.TimeSpan LockWait { get; set; } = MigrationRunOptions.DefaultLockWait;
    }
}
