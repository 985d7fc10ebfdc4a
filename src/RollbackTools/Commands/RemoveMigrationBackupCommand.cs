using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Drops backup tables (or deletes dump files) and their catalog rows.</summary>
    [Cmdlet(VerbsCommon.Remove, "MigrationBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = BackupSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveMigrationBackupCommand : BackupInputCmdlet
    {
        protected override void ProcessItem()
        {
            ForEachItem(ResolveBackups(), backup =>
            {
                string what = backup.Kind == BackupKind.Table ? $"backup table {backup.BackupTable} of {backup.Table}" : $"dump file {backup.Path}";
                if (ShouldProcess($"{what} (backup {backup.Id}, taken {backup.CreatedAt:u}) on {backup.Target.Url}", "Remove"))
                {
                    RunEngine(async (log, token) =>
                    {
                        await new BackupService(log).RemoveAsync(backup, token).ConfigureAwait(false);
                        return true;
                    });
                }
            });
        }
    }
}
