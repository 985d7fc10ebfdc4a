using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Copies tables server-side into {table}_backup_{yyyyMMddHHmmss}, checks each copy against its source in
    /// one consistent snapshot, and records it in the backup catalog. Emits one verified backup per table.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "MigrationBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = TableSet)]
    [OutputType(typeof(MigrationBackup))]
    [OutputType(typeof(BaseBackup), ParameterSetName = new[] { "Base" })]
    public sealed class NewMigrationBackupCommand : DatabaseCmdlet
    {
        private const string Activity = "New-MigrationBackup";
        private const string TableSet = "Table";
        private const string DumpSet = "Dump";
        private const string BaseSet = "Base";

        [Parameter(ParameterSetName = TableSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SchemaNameCompleter))]
        public string[]? Table { get; set; }

        /// <summary>Dump the whole database to -Path: pg_dump custom format, mysqldump, or SQLite's online backup.</summary>
        [Parameter(ParameterSetName = DumpSet, Mandatory = true)]
        public SwitchParameter Dump { get; set; }

        /// <summary>A base backup of the whole PostgreSQL cluster into the new folder -Path (pg_basebackup, WAL fetched, manifest checked with pg_verifybackup), for Restore-MigrationDatabase.</summary>
        [Parameter(ParameterSetName = BaseSet, Mandatory = true)]
        public SwitchParameter BaseBackup { get; set; }

        [Parameter(ParameterSetName = DumpSet, Mandatory = true)]
        [Parameter(ParameterSetName = BaseSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The schema of the tables; the connection's current schema (the database on MySQL) by default.</summary>
        [Parameter(ParameterSetName = TableSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Schema { get; set; }

        /// <summary>Where the copies go; the source's schema by default.</summary>
        [Parameter(ParameterSetName = TableSet)]
        [ValidateNotNullOrEmpty]
        public string? BackupSchema { get; set; }

        /// <summary>Only these columns; the primary key is always included so the copy can be restored.</summary>
        [Parameter(ParameterSetName = TableSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Columns { get; set; }

        /// <summary>An SQL predicate limiting the rows copied, for example "created_at &lt; '2024-01-01'".</summary>
        [Parameter(ParameterSetName = TableSet)]
        [ValidateNotNullOrEmpty]
        public string? Where { get; set; }

        /// <summary>How long the backup is kept before Get-MigrationBackup -OlderThan and cleanup consider it expired (default 30d).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? RetainFor { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            if (ParameterSetName == BaseSet)
            {
                string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                if (ShouldProcess($"{target.Url} to {folder}", "Take a base backup of the whole server"))
                {
                    ReportProgress(new ProgressRecord(1, Activity, $"Base backup of {target.Url} to {folder}"));
                    WriteObject(RunEngine((log, token) => new RecoveryService(log).BaseBackupAsync(target, folder, token)));
                    ReportProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
                }

                return;
            }

            if (ParameterSetName == DumpSet)
            {
                string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                if (ShouldProcess($"{target.Url} to {file}", "Dump the whole database"))
                {
                    ReportProgress(new ProgressRecord(1, Activity, $"Dumping {target.Url} to {file}"));
                    WriteObject(RunEngine((log, token) => new BackupService(log).DumpAsync(target, file, RetainFor ?? TableBackupOptions.DefaultRetention, JournalTable, token)));
                    ReportProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
                }

                return;
            }

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
                    WithProgress(options, dispatcher),
                    (table, index, total) => dispatcher.Post(() => ReportProgress(new ProgressRecord(1, Activity, $"Copying and verifying {table} ({index + 1} of {total})") { PercentComplete = index * 100 / total })),
                    backup => dispatcher.Post(() => WriteObject(backup)),
                    token));
            }
            finally
            {
                ReportProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>Rows copied as progress, where the server tells how far a copy has got (MariaDB, MySQL).</summary>
        private TableBackupOptions WithProgress(TableBackupOptions options, Infrastructure.PipelineDispatcher dispatcher)
        {
            options.OnRowsCopied = (table, rows, estimate) => dispatcher.Post(() => ReportProgress(
                new ProgressRecord(1, Activity, estimate is long all && all > 0 ? $"Copying {table}: {rows:N0} of about {all:N0} rows" : $"Copying {table}: {rows:N0} rows")
                {
                    PercentComplete = estimate is long total && total > 0 ? (int)Math.Min(99, rows * 100 / total) : -1,
                }));
            return options;
        }
    }
}
