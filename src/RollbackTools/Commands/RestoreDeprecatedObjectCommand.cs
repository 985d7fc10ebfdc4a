using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Renames deprecated objects back to their names and clears their catalog rows.</summary>
    [Cmdlet(VerbsData.Restore, "DeprecatedObject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(DeprecatedObject))]
    public sealed class RestoreDeprecatedObjectCommand : DeprecatedObjectCmdlet
    {
        protected override void ProcessItem()
        {
            ForEachItem(ResolveObjects(expiredOnly: false), item =>
            {
                if (ShouldProcess($"{item.Kind.ToString().ToLowerInvariant()} {item.DeprecatedName} on {item.Target.Url}", $"Rename back to {item.Name}"))
                {
                    RunEngine((log, token) => new SoftDeleteService(log).RestoreAsync(item, token));
                    WriteObject(item);
                }
            });
        }
    }
}
