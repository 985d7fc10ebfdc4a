using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>The end of the soft-delete period: drops deprecated objects for good, refusing ones used since.</summary>
    [Cmdlet(VerbsCommon.Clear, "DeprecatedObject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(DeprecatedObject))]
    public sealed class ClearDeprecatedObjectCommand : DeprecatedObjectCmdlet
    {
        /// <summary>Only objects past their retention.</summary>
        [Parameter(ParameterSetName = NameSet)]
        public SwitchParameter Expired { get; set; }

        /// <summary>Drop although the server counted use since the rename.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessItem()
        {
            if (ParameterSetName == NameSet && Name == null && !Expired)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, "Say what to drop: -Expired, -Name, or deprecated objects piped in.");
            }

            ForEachItem(ResolveObjects(Expired), item =>
            {
                if (ShouldProcess($"{item.Kind.ToString().ToLowerInvariant()} {item.DeprecatedName} (was {item.Name}, deprecated {item.DeprecatedAt:u}) on {item.Target.Url}", "Drop for good"))
                {
                    RunEngine((log, token) => new SoftDeleteService(log).DropAsync(item, Force, token));
                    WriteObject(item);
                }
            });
        }
    }
}
