using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>How a run treats the journal, the lock and the refusals.</summary>
    public sealed class MigrationRunOptions
    {
        /// <summary>The options a journal writer's parameters give: only what was said, the defaults otherwise.</summary>
        public static MigrationRunOptions For(string? journalTable, TimeSpan? lockWait, TimeSpan? lockTimeout = null, TimeSpan? statementTimeout = null, int retryCount = 0, bool verifySchema = false) =>
            new MigrationRunOptions
            {
                JournalTable = journalTable,
                LockWait = lockWait ?? DefaultLockWait,
                LockTimeout = lockTimeout,
                StatementTimeout = statementTimeout,
                RetryCount = retryCount,
                VerifySchema = verifySchema,
            };

        public static readonly TimeSpan DefaultLockWait = TimeSpan.FromMinutes(1);

        /// <summary>The journal table; its history table is the same name with _history.</summary>
        public string? JournalTable { get; set; }

        /// <summary>How long to wait for another runner's lock before failing with MigrationLocked.</summary>
        public TimeSpan LockWait { get; set; } = DefaultLockWait;

        /// <summary>All migrations of the run in one transaction (PostgreSQL, SQLite).</summary>
        public bool SingleTransaction { get; set; }

        /// <summary>Applies even when an applied migration's file changed since (ChecksumMismatch otherwise).</summary>
        public bool AllowModified { get; set; }

        /// <summary>Applies migrations that have no down script (MissingDownScript otherwise).</summary>
        public bool AllowMissingDown { get; set; }

        /// <summary>How long a statement may wait for a lock before it gives up (lock_timeout, lock_wait_timeout), so it does not queue everyone behind it.</summary>
        public TimeSpan? LockTimeout { get; set; }

        /// <summary>How long one statement may run (statement_timeout, max_statement_time).</summary>
        public TimeSpan? StatementTimeout { get; set; }

        /// <summary>How many times a step that timed out waiting for a lock is tried again, with growing pauses.</summary>
        public int RetryCount { get; set; }

        /// <summary>
        /// Up: keep a snapshot of the schema from before the migration. Down: compare the schema after it with
        /// that snapshot and report the differences.
        /// </summary>
        public bool VerifySchema { get; set; }
    }

    /// <summary>Which pending migrations Invoke-Migration applies: all, up to a version, or the first few.</summary>
    public sealed class UpSelection
    {
        public string? Target { get; set; }

        public int? Count { get; set; }
    }

    /// <summary>Which applied migrations Undo-Migration takes back. With nothing set, the newest one.</summary>
    public sealed class DownSelection
    {
        public IReadOnlyList<string>? Versions { get; set; }

        public int? Count { get; set; }

        /// <summary>Undo every migration newer than this version.</summary>
        public string? To { get; set; }

        public bool All { get; set; }

        /// <summary>Runs the down script of a Dirty migration, reporting failing statements as warnings.</summary>
        public bool Force { get; set; }

        /// <summary>Prefers the down script in the folder to the one stored in the journal.</summary>
        public bool FromFiles { get; set; }
    }
}
