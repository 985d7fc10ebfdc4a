using System;
using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Puts a table backup back: -Mode Upsert (default) repairs and re-inserts rows by primary key, -Mode
    /// Replace swaps the whole table's rows, -Columns re-adds dropped columns and fills them by primary key.
    /// The backup is checked before and the table after, all in one transaction where the database allows.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "MigrationBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = BackupSet)]
    [OutputType(typeof(RestoreResult))]
    public sealed class RestoreMigrationBackupCommand : BackupInputCmdlet
    {
        private const string FromDatabaseSet = "FromDatabase";

        /// <summary>Restore -Table from this database (a copy Restore-MigrationDatabase recovered) instead of a backup: it is kept here as a verified table backup first.</summary>
        [Parameter(ParameterSetName = FromDatabaseSet, Mandatory = true)]
        [Infrastructure.DatabaseTargetTransformation]
        [ValidateNotNull]
        public DatabaseTarget? FromDatabase { get; set; }

        /// <summary>With -FromDatabase: the tables to bring back.</summary>
        [Parameter(ParameterSetName = FromDatabaseSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Table { get; set; }

        [Parameter]
        [ValidateSet("Upsert", "Replace", "Columns")]
        public string? Mode { get; set; }

        /// <summary>Restore only these columns (implies -Mode Columns): re-added with their recorded type when the table lost them.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Columns { get; set; }

        protected override void ProcessItem()
        {
            string modeName = Mode ?? (Columns != null ? "Columns" : "Upsert");
            if (Columns != null && modeName != "Columns")
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"-Columns restores columns; it cannot be combined with -Mode {modeName}.");
            }

            var mode = (RestoreMode)Enum.Parse(typeof(RestoreMode), modeName, ignoreCase: true);
            if (ParameterSetName == FromDatabaseSet)
            {
                RestoreFromDatabase(mode);
                return;
            }

            foreach (MigrationBackup backup in ResolveBackups())
            {
                // A dump loads into -Database when given: a fresh database for a restore test, say.
                DatabaseTarget? into = backup.Kind == BackupKind.Dump && Database != null ? ResolveDatabase() : null;
                RestorePlan plan = RunEngine((log, token) => new BackupService(log).PlanRestoreAsync(backup, mode, Columns, into, token));
                string description = backup.Kind == BackupKind.Dump
                    ? $"Restore the dump {backup.Path} into {plan.Target.Url}: {plan.Statements[0]}"
                    : $"Restore {plan.Schema}.{plan.Table} from backup {backup.Id} ({backup.BackupTable}, {backup.RowCount} rows, taken {backup.CreatedAt:u}) by {plan.Mode} on {backup.Target.Url}, running:{Environment.NewLine}{string.Join(";" + Environment.NewLine, plan.Statements)}";
                if (ShouldProcess(description, $"Restore {plan.Table} from {backup.BackupTable ?? backup.Path} ({plan.Mode})?", "Restore"))
                {
                    ReportProgress(new ProgressRecord(1, "Restore-MigrationBackup", $"Restoring {plan.Table} from {backup.BackupTable ?? backup.Path} ({plan.Mode}) and checking it"));
                    try
                    {
                        WriteObject(RunEngine((log, token) => new BackupService(log).RestoreAsync(plan, token)));
                    }
                    finally
                    {
                        ReportProgress(new ProgressRecord(1, "Restore-MigrationBackup", "Done") { RecordType = ProgressRecordType.Completed });
                    }
                }
            }
        }

        /// <summary>Each table copied from the recovered database into a verified backup here, then restored from it.</summary>
        private void RestoreFromDatabase(RestoreMode mode)
        {
            DatabaseTarget into = ResolveDatabase();
            DatabaseTarget from = ResolveTarget(FromDatabase, Provider, Credential, ConnectTimeout);
            ForEachItem(Table!, table =>
            {
                if (!ShouldProcess($"{table} on {into.Url} from {from.Url} by {mode}: the table is copied here as a verified backup, then restored from it", $"Restore {table} on {into.Url} from {from.Url} ({mode})?", "Restore"))
                {
                    return;
                }

                ReportProgress(new ProgressRecord(1, "Restore-MigrationBackup", $"Copying {table} from {from.Url} and restoring it ({mode})"));
                try
                {
                    MigrationBackup backup = RunEngine((log, token) => new BackupService(log).ImportTableAsync(from, into, table, TableBackupOptions.DefaultRetention, token));
                    WriteVerbose($"{table} from {from.Url} kept as backup {backup.Id} ({backup.BackupTable}).");
                    RestorePlan plan = RunEngine((log, token) => new BackupService(log).PlanRestoreAsync(backup, mode, Columns, null, token));
                    WriteObject(RunEngine((log, token) => new BackupService(log).RestoreAsync(plan, token)));
                }
                finally
                {
                    ReportProgress(new ProgressRecord(1, "Restore-MigrationBackup", "Done") { RecordType = ProgressRecordType.Completed });
                }
            });
        }
    }
}
