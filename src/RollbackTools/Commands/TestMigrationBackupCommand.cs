using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Re-checks backups against the catalog: row count and checksum of a backup table; with -BaseBackup, every file of a base backup.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationBackup", DefaultParameterSetName = BackupSet)]
    [OutputType(typeof(BackupTestResult), ParameterSetName = new[] { BackupSet, IdSet, PathSet })]
    [OutputType(typeof(BaseBackupTestResult), ParameterSetName = new[] { BaseSet })]
    public sealed class TestMigrationBackupCommand : BackupInputCmdlet
    {
        private const string BaseSet = "BaseBackup";

        /// <summary>Base backups from Get-MigrationBackup -BaseBackup: every file is checked against what was recorded when it was taken.</summary>
        [Parameter(ParameterSetName = BaseSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public BaseBackup[]? BaseBackup { get; set; }

        protected override void ProcessItem()
        {
            if (ParameterSetName == BaseSet)
            {
                ForEachItem(BaseBackup!, backup => WriteObject(RunEngine((log, token) => new RecoveryService(log).TestBaseBackupAsync(backup, token))));
                return;
            }

            ForEachItem(ResolveBackups(), backup => WriteObject(RunEngine((log, token) => new BackupService(log).TestAsync(backup, token))));
        }
    }
}
