using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Re-checks backups against the catalog: row count and checksum of a backup table.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationBackup", DefaultParameterSetName = BackupSet)]
    [OutputType(typeof(BackupTestResult))]
    public sealed class TestMigrationBackupCommand : BackupInputCmdlet
    {
        protected override void ProcessRecord()
        {
            try
            {
                foreach (MigrationBackup backup in ResolveBackups())
                {
                    BackupTestResult result = RunEngine((log, token) => new BackupService(log).TestAsync(backup, token));
                    WriteObject(result);
                }
            }
            catch (RollbackToolsException ex)
            {
                WriteEngineError(ex);
            }
        }
    }
}
