using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Stops and deletes a copy Restore-MigrationDatabase made; anything else it refuses to touch.</summary>
    [Cmdlet(VerbsCommon.Remove, "MigrationDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveMigrationDatabaseCommand : RollbackToolsCmdlet
    {
        /// <summary>The recovered copy, as Restore-MigrationDatabase returned it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public RecoveredDatabase? InputObject { get; set; }

        protected override void ProcessItem()
        {
            if (ShouldProcess($"{InputObject!.Url} in {InputObject.Path}", "Stop and delete the recovered copy"))
            {
                RunEngine(async (log, token) =>
                {
                    await new RecoveryService(log).RemoveAsync(InputObject, token).ConfigureAwait(false);
                    return true;
                });
            }
        }
    }
}
