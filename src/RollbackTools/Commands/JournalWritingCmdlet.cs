using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>A migration cmdlet that writes to the journal, and so takes the run lock.</summary>
    public abstract class JournalWritingCmdlet : MigrationCmdlet
    {
        /// <summary>How long to wait for another runner's lock (default 1 minute).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? LockWait { get; set; }

        protected virtual MigrationRunOptions RunOptions(string? journalTable) =>
            new MigrationRunOptions { JournalTable = journalTable, LockWait = LockWait ?? MigrationRunOptions.DefaultLockWait };
    }
}
