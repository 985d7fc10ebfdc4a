using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Renames a column to _deprecated_{name} and keeps it for -RetainFor, instead of dropping it.</summary>
    [Cmdlet(VerbsCommon.Remove, "MigrationColumn", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DeprecatedObject))]
    public sealed class RemoveMigrationColumnCommand : SoftDeleteCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Table { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessItem() => ForEachItem(Name!, column => Remove(Table!, column));
    }
}
