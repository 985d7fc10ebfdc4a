using System;
using System.Collections.Generic;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// For each pending migration: up, verify, down (the schema must equal the one before), up again (it must
    /// equal the first up), and finally down, unless -KeepApplied. Records passed tests with the scripts' checksums.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationRollback", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RollbackTestResult))]
    public sealed class TestMigrationRollbackCommand : DatabaseCmdlet
    {
        private const string Activity = "Test-MigrationRollback";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>Test these versions instead of every pending one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string[]? Version { get; set; }

        /// <summary>PostgreSQL and SQLite: run the whole test in one transaction and roll it back, leaving no trace.</summary>
        [Parameter]
        public SwitchParameter InTransaction { get; set; }

        /// <summary>Leave the tested migrations applied and journaled.</summary>
        [Parameter]
        public SwitchParameter KeepApplied { get; set; }

        /// <summary>How long to wait for another runner's lock (default 1 minute): the test applies and records, so it takes the run lock.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? LockWait { get; set; }

        /// <summary>MySQL/MariaDB: run although tables hold data.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            MigrationFolder folder = MigrationFolders.Resolve(this, Path, Encoding)!;
            string how = InTransaction ? "inside one transaction that is rolled back" : KeepApplied ? "leaving them applied" : "taking them back at the end";
            if (!ShouldProcess($"the pending migrations in {folder} on {target.Url}", $"Apply, undo and re-apply, {how}"))
            {
                return;
            }

            var options = new RollbackTestOptions { JournalTable = JournalTable, Versions = Version, InTransaction = InTransaction, KeepApplied = KeepApplied, Force = Force, LockWait = LockWait ?? MigrationRunOptions.DefaultLockWait };
            try
            {
                IReadOnlyList<RollbackTestResult> results = RunEngine((dispatcher, token) => new SchemaService(dispatcher).TestRollbackAsync(
                    target,
                    folder,
                    options,
                    (name, index, total) => dispatcher.Post(() => ReportProgress(new ProgressRecord(1, Activity, $"Testing {name} ({index + 1} of {total})") { PercentComplete = index * 100 / total })),
                    token));
                foreach (RollbackTestResult result in results)
                {
                    WriteObject(result);
                    if (!result.Passed)
                    {
                        WriteEngineError(new RollbackToolsException(ErrorIds.RollbackTestFailed, FailureCategory.InvalidData, $"The rollback test of {result.TypedVersion} ({result.Name}) failed at {result.FailedAt}: {result.Error}", result));
                    }
                }
            }
            finally
            {
                ReportProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
