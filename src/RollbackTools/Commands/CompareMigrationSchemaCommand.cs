using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>The differences between two schema snapshots, by meaning: nothing when they are equal.</summary>
    [Cmdlet(VerbsData.Compare, "MigrationSchema")]
    [OutputType(typeof(SchemaDifference))]
    public sealed class CompareMigrationSchemaCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public SchemaSnapshot? Reference { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public SchemaSnapshot? Difference { get; set; }

        protected override void ProcessRecord() => WriteObject(SchemaComparer.Compare(Reference!, Difference!), enumerateCollection: true);
    }
}
