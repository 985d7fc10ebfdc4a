using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>What happened to one migration in one run, up or down.</summary>
    public sealed class MigrationResult
    {
        internal MigrationResult(MigrationVersion version, string name, MigrationDirection direction, MigrationStatus status, DatabaseTarget database, string journalTable)
        {
            Version = version;
            Name = name;
            Direction = direction;
            Status = status;
            Database = database;
            JournalTable = journalTable;
        }

        public MigrationVersion Version { get; }

        public string Name { get; }

        public MigrationDirection Direction { get; }

        public MigrationStatus Status { get; internal set; }

        public TimeSpan Duration { get; internal set; }

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

        public IReadOnlyList<SchemaDifference> Differences { get; internal set; } = Array.Empty<SchemaDifference>();

        /// <summary>The statement that failed, as written in the script.</summary>
        public string? FailedStatement { get; internal set; }

        /// <summary>The failing statement's first line in the script's file.</summary>
        public int? FailedLine { get; internal set; }

        public int StatementsDone { get; internal set; }

        public int StatementCount { get; internal set; }

        /// <summary>Statements that failed but were passed over (Undo-Migration -Force).</summary>
        public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();

        public string? Path { get; internal set; }

        /// <summary>The database, so a result piped to Undo-Migration needs no -Database.</summary>
        public DatabaseTarget Database { get; }

        public string JournalTable { get; }

        public override string ToString() => $"{Direction} {Version} {Name}: {Status}";
    }
}
