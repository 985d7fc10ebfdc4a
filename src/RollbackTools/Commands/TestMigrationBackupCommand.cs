using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Re-checks backups against the catalog: row count and checksum of a backup table.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationBackup", DefaultParameterSetName = BackupSet)]
    [OutputType(typeof(BackupTestResult))]
    public sealed class TestMigrationBackupCommand : BackupInputCmdlet
    {
        protected override void ProcessItem()
        {
            ForEachItem(ResolveBackups(), backup => WriteObject(RunEngine((log, token) => new BackupService(log).TestAsync(backup, token))));
        }
    }
}
