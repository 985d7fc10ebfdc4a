using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>Invoke-Migration and Undo-Migration: they run migration SQL, so they can bound its lock waits and run time.</summary>
    public abstract class MigrationRunCmdlet : JournalWritingCmdlet
    {
        /// <summary>How long a statement may wait for a lock before giving up, so it does not queue the application behind it.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? LockTimeout { get; set; }

        /// <summary>How long one statement may run.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? StatementTimeout { get; set; }

        /// <summary>How many times a step that timed out waiting for a lock is tried again, with pauses of 1 s, 2 s, 4 s ...</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int RetryCount { get; set; }

        /// <summary>Up: keep a schema snapshot from before each migration. Down: check the schema after the undo equals it.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        protected override MigrationRunOptions RunOptions(string? journalTable)
        {
            MigrationRunOptions options = base.RunOptions(journalTable);
            options.LockTimeout = LockTimeout;
            options.StatementTimeout = StatementTimeout;
            options.RetryCount = RetryCount;
            options.VerifySchema = Verify;
            return options;
        }
    }
}
