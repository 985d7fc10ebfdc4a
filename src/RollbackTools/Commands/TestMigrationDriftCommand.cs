using System.Collections.Generic;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Does the live schema equal what the applied migrations build? Rebuilds them in a scratch database
    /// beside this one and emits every difference; nothing when there is no drift.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationDrift")]
    [OutputType(typeof(SchemaDifference))]
    public sealed class TestMigrationDriftCommand : DatabaseCmdlet
    {
        private const string Activity = "Test-MigrationDrift";

        /// <summary>The migrations folder; without it the up scripts the journal kept are used.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>Any difference ends the command with the terminating error SchemaDrift, for pipelines.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            MigrationFolder? folder = MigrationFolders.Resolve(this, Path, Encoding);
            IReadOnlyList<SchemaDifference> drift;
            try
            {
                drift = RunEngine((dispatcher, token) => new DriftChecker(dispatcher).CheckAsync(
                    target,
                    folder,
                    JournalTable,
                    (name, index, total) => dispatcher.Post(() => ReportProgress(new ProgressRecord(1, Activity, $"Rebuilding {name} in a scratch database ({index + 1} of {total})") { PercentComplete = index * 100 / total })),
                    token));
            }
            finally
            {
                ReportProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }

            WriteObject(drift, enumerateCollection: true);
            if (Strict && drift.Count > 0)
            {
                ThrowTerminatingError(ErrorRecords.From(DriftError.Of(target, drift)));
            }
        }
    }
}
