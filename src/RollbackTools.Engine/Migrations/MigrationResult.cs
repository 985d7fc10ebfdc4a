using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>What happened to one migration in one run, up or down.</summary>
    public sealed class MigrationResult : IHasTarget, IHasVersion
    {
        internal MigrationResult(MigrationVersion version, string name, MigrationDirection direction, MigrationStatus status, DatabaseTarget database, string journalTable)
        {
            TypedVersion = version;
            Name = name;
            Direction = direction;
            Status = status;
            Target = database;
            JournalTable = journalTable;
        }

        /// <summary>The version as text; PowerShell sees it typed (it sorts as a version).</summary>
        public string Version => TypedVersion.Text;

        internal MigrationVersion TypedVersion { get; }

        MigrationVersion? IHasVersion.TypedVersion => TypedVersion;

        public string Name { get; }

        public MigrationDirection Direction { get; }

        public MigrationStatus Status { get; internal set; }

        /// <summary>How long the step ran, in milliseconds.</summary>
        public double DurationMs => Duration.TotalMilliseconds;

        internal TimeSpan Duration { get; set; }

        public string? Error { get; internal set; }

        /// <summary>The database's code for the error that failed the step (SQLSTATE, error number); null when none.</summary>
        public string? ErrorCode { get; internal set; }

        /// <summary>Why a failed step failed; null when it did not fail.</summary>
        public FailureReason? Reason { get; internal set; }

        /// <summary>How many times the step was retried after a lock timeout.</summary>
        public int Retries { get; internal set; }

        /// <summary>
        /// With -Verify on a down: true when the schema equals the snapshot taken before the migration was applied,
        /// false when it differs (see Differences), null when not checked or no snapshot was kept.
        /// </summary>
        public bool? SchemaVerified { get; internal set; }

        public ReadableList<SchemaDifference> Differences { get; internal set; } = ReadableList<SchemaDifference>.Empty;

        /// <summary>The statement that failed, as written in the script.</summary>
        public string? FailedStatement { get; internal set; }

        /// <summary>The failing statement's first line in the script's file.</summary>
        public int? FailedLine { get; internal set; }

        public int StatementsDone { get; internal set; }

        public int StatementCount { get; internal set; }

        /// <summary>Statements that failed but were passed over (Undo-Migration -Force).</summary>
        public ReadableList<string> Warnings { get; internal set; } = ReadableList<string>.Empty;

        public string? Path { get; internal set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public string JournalTable { get; }

        public override string ToString() => $"{Direction} {TypedVersion} {Name}: {Status}";
    }
}
