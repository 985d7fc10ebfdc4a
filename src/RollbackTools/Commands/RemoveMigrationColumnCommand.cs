using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>Renames a column to _deprecated_{name} and keeps it for -RetainFor, instead of dropping it.</summary>
    [Cmdlet(VerbsCommon.Remove, "MigrationColumn", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DeprecatedObject))]
    public sealed class RemoveMigrationColumnCommand : SoftDeleteCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SchemaNameCompleter))]
        public string? Table { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SchemaNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessItem() => ForEachItem(Name!, column => Remove(Table!, column));
    }
}
