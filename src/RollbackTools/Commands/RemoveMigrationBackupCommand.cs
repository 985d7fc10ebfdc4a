using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Drops backup tables (or deletes dump files) and their catalog rows; with -BaseBackup, base backup folders and theirs.</summary>
    [Cmdlet(VerbsCommon.Remove, "MigrationBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = BackupSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveMigrationBackupCommand : BackupInputCmdlet
    {
        private const string BaseSet = "BaseBackup";

        /// <summary>Base backups from Get-MigrationBackup -BaseBackup: their folders are deleted and their catalog rows removed.</summary>
        [Parameter(ParameterSetName = BaseSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public BaseBackup[]? BaseBackup { get; set; }

        protected override void ProcessItem()
        {
            if (ParameterSetName == BaseSet)
            {
                ForEachItem(BaseBackup!, backup =>
                {
                    if (ShouldProcess($"base backup in '{backup.Path}' ({backup.Size} bytes, taken {backup.CreatedAt:u}) of {backup.Target.Url}", "Remove"))
                    {
                        RunEngine(async (log, token) =>
                        {
                            await new RecoveryService(log).RemoveBaseBackupAsync(backup, token).ConfigureAwait(false);
                            return true;
                        });
                    }
                });
                return;
            }

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
