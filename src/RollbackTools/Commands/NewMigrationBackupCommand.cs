using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Copies tables server-side into {table}_backup_{yyyyMMddHHmmss}, checks each copy against its source in
    /// one consistent snapshot, and records it in the backup catalog. Emits one verified backup per table.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "MigrationBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MigrationBackup))]
    public sealed class NewMigrationBackupCommand : MigrationCmdlet
    {
        private const string Activity = "New-MigrationBackup";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Table { get; set; }

        /// <summary>The schema of the tables; the connection's current schema (the database on MySQL) by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Schema { get; set; }

        /// <summary>Where the copies go; the source's schema by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupSchema { get; set; }

        /// <summary>Only these columns; the primary key is always included so the copy can be restored.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Columns { get; set; }

        /// <summary>An SQL predicate limiting the rows copied, for example "created_at &lt; '2024-01-01'".</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Where { get; set; }

        /// <summary>How long the backup is kept before Get-MigrationBackup -OlderThan and cleanup consider it expired (default 30d).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? RetainFor { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                DatabaseTarget target = ResolveDatabase();
                var tables = new System.Collections.Generic.List<string>();
                foreach (string table in Table!)
                {
                    if (ShouldProcess($"table {table} on {target.Url}", "Copy to a verified backup table"))
                    {
                        tables.Add(table);
                    }
                }

                if (tables.Count == 0)
                {
                    return;
                }

                var options = new TableBackupOptions
                {
                    Schema = Schema,
                    BackupSchema = BackupSchema,
                    Columns = Columns,
                    Where = Where,
                    RetainFor = RetainFor ?? TableBackupOptions.DefaultRetention,
                    JournalTable = JournalTable,
                };
                try
                {
                    RunEngine((dispatcher, token) => new BackupService(dispatcher).BackupTablesAsync(
                        target,
                        tables,
                        options,
                        (table, index, total) => dispatcher.Post(() => WriteProgress(new ProgressRecord(1, Activity, $"Copying and verifying {table} ({index + 1} of {total})") { PercentComplete = index * 100 / total })),
                        backup => dispatcher.Post(() => WriteObject(backup)),
                        token));
                }
                finally
                {
                    WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
            catch (RollbackToolsException ex)
            {
                WriteEngineError(ex);
            }
        }
    }
}
