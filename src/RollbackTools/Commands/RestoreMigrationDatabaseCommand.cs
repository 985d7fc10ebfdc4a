using System;
using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Builds a copy of the database recovered to a restore point or a moment, beside production and never over
    /// it: the base backup laid out in -Path, archived WAL replayed to the target, the copy started on -Port and
    /// returned once promoted. Ctrl+C, or a target never reached, stops and removes the copy.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "MigrationDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PointSet)]
    [OutputType(typeof(RecoveredDatabase))]
    public sealed class RestoreMigrationDatabaseCommand : DatabaseCmdlet
    {
        private const string Activity = "Restore-MigrationDatabase";
        private const string PointSet = "RestorePoint";
        private const string TimeSet = "PointInTime";

        /// <summary>The restore point to recover to, as New-MigrationRestorePoint returned it; it names its database.</summary>
        [Parameter(ParameterSetName = PointSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MigrationRestorePoint? RestorePoint { get; set; }

        /// <summary>Recover to this moment instead of a restore point (recovery_target_time); give -Database.</summary>
        [Parameter(ParameterSetName = TimeSet, Mandatory = true)]
        public DateTimeOffset? PointInTime { get; set; }

        /// <summary>The base backup New-MigrationBackup -BaseBackup wrote (its folder, or the object it returned); it must be older than the target.</summary>
        [Parameter(Mandatory = true)]
        [Infrastructure.BaseBackupPathTransformation]
        [ValidateNotNullOrEmpty]
        public string BaseBackup { get; set; } = string.Empty;

        /// <summary>PostgreSQL: the folder archive_command copies WAL segments into. (MariaDB reads its binary log from the server.)</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? WalArchive { get; set; }

        /// <summary>PostgreSQL: the new, empty folder the copy's data goes into. (MariaDB's copy is a scratch database on the same server.)</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>PostgreSQL: the port the copy listens on, on 127.0.0.1.</summary>
        [Parameter]
        [ValidateRange(1024, 65535)]
        public int Port { get; set; }

        /// <summary>The operating-system user the copy runs as; postgres when this runs as root (PostgreSQL refuses root).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServerUser { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget production = RestorePoint != null && Database == null ? RestorePoint.Target : ResolveDatabase();
            string path = Path == null ? string.Empty : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            string baseBackup = SessionState.Path.GetUnresolvedProviderPathFromPSPath(BaseBackup);
            string archive = WalArchive == null ? string.Empty : SessionState.Path.GetUnresolvedProviderPathFromPSPath(WalArchive);
            string target = RestorePoint != null ? $"restore point {RestorePoint.Name}" : $"{PointInTime:u}";
            if (!ShouldProcess($"a copy of {production.Url} recovered to {target}{(Path == null ? " beside it" : $" in {path} on port {Port}")}", "Recover"))
            {
                return;
            }

            string? user = ServerUser ?? (IsRoot() ? "postgres" : null);
            try
            {
                WriteObject(RunEngine((dispatcher, token) => new RecoveryService(dispatcher).RecoverAsync(
                    production,
                    baseBackup,
                    archive,
                    path,
                    Port,
                    RestorePoint?.Name,
                    PointInTime,
                    user,
                    phase => dispatcher.Post(() => ReportProgress(new ProgressRecord(1, Activity, phase))),
                    token)));
            }
            finally
            {
                ReportProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        private static bool IsRoot() => !OperatingSystem.IsWindows() && Environment.UserName == "root";
    }
}
