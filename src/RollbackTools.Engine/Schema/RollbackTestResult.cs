using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>Whether one migration's down script really takes it back, and its up script really re-applies.</summary>
    public sealed class RollbackTestResult : IHasTarget, IHasVersion
    {
        internal RollbackTestResult(MigrationVersion version, string name, DatabaseTarget database)
        {
            TypedVersion = version;
            Name = name;
            Target = database;
        }

        /// <summary>The version as text; PowerShell sees it typed (it sorts as a version).</summary>
        public string Version => TypedVersion.Text;

        internal MigrationVersion TypedVersion { get; }

        MigrationVersion? IHasVersion.TypedVersion => TypedVersion;

        public string Name { get; }

        public bool Passed { get; internal set; }

        /// <summary>Where it failed: Up, Verify, Down, RollbackDiffers, ReapplyDiffers; null when it passed.</summary>
        public string? FailedAt { get; internal set; }

        public string? Error { get; internal set; }

        /// <summary>What the schema after down (or after the second up) has that it should not, or lacks.</summary>
        public ReadableList<SchemaDifference> Differences { get; internal set; } = ReadableList<SchemaDifference>.Empty;

        /// <summary>How long the first up took, in milliseconds.</summary>
        public double UpDurationMs => UpDuration.TotalMilliseconds;

        internal TimeSpan UpDuration { get; set; }

        /// <summary>How long the down took, in milliseconds.</summary>
        public double DownDurationMs => DownDuration.TotalMilliseconds;

        internal TimeSpan DownDuration { get; set; }

        /// <summary>The whole test, in milliseconds.</summary>
        public double DurationMs => Duration.TotalMilliseconds;

        internal TimeSpan Duration { get; set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public override string ToString() => $"{TypedVersion} {Name}: {(Passed ? "passed" : "failed at " + FailedAt)}";
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
