using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Renames deprecated objects back to their names and clears their catalog rows.</summary>
    [Cmdlet(VerbsData.Restore, "DeprecatedObject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(DeprecatedObject))]
    public sealed class RestoreDeprecatedObjectCommand : DeprecatedObjectCmdlet
    {
        protected override void ProcessRecord()
        {
            try
            {
                foreach (DeprecatedObject item in ResolveObjects(expiredOnly: false))
                {
                    if (ShouldProcess($"{item.Kind.ToLowerInvariant()} {item.DeprecatedName} on {item.Database.Url}", $"Rename back to {item.Name}"))
                    {
                        try
                        {
                            RunEngine((log, token) => new SoftDeleteService(log).RestoreAsync(item, token));
                            WriteObject(item);
                        }
                        catch (RollbackToolsException ex)
                        {
                            WriteEngineError(ex);
                        }
                    }
                }
            }
            catch (RollbackToolsException ex)
            {
                WriteEngineError(ex);
            }
        }
    }
}
