using System;
using System.IO;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>A normalized snapshot of the database's schema, optionally written to JSON; or one read back from a file.</summary>
    [Cmdlet(VerbsCommon.Get, "MigrationSchema", DefaultParameterSetName = DatabaseSet)]
    [OutputType(typeof(SchemaSnapshot))]
    public sealed class GetMigrationSchemaCommand : DatabaseCmdlet
    {
        private const string DatabaseSet = "Database";
        private const string FileSet = "FromFile";

        /// <summary>Also write the snapshot to this JSON file, for a pipeline artifact.</summary>
        [Parameter(ParameterSetName = DatabaseSet)]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Read a snapshot written by -OutFile instead of a database.</summary>
        [Parameter(ParameterSetName = FileSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? FromFile { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessItem()
        {
            if (ParameterSetName == FileSet)
            {
                WriteObject(Read(SessionState.Path.GetUnresolvedProviderPathFromPSPath(FromFile)));
                return;
            }

            DatabaseTarget target = ResolveDatabase();
            SchemaSnapshot snapshot = RunEngine((log, token) => new SchemaService(log).SnapshotAsync(target, JournalTable, token));
            if (OutFile != null)
            {
                File.WriteAllText(SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile), snapshot.ToJson());
            }

            WriteObject(snapshot);
        }

        private static SchemaSnapshot Read(string file)
        {
            try
            {
                return SchemaSnapshot.FromJson(File.ReadAllText(file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
            {
                throw new RollbackToolsException(ErrorIds.InvalidSnapshot, FailureCategory.ReadError, $"'{file}' is not a readable schema snapshot: {ex.Message}", file, ex);
            }
        }
    }
}
