using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>The seed's soft delete: renames a table to _deprecated_{name} and keeps it for -RetainFor, instead of dropping it.</summary>
    [Cmdlet(VerbsCommon.Remove, "MigrationTable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DeprecatedObject))]
    public sealed class RemoveMigrationTableCommand : SoftDeleteCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SchemaNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessItem() => ForEachItem(Name!, table => Remove(table, null));
    }
}
