using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// The status gate for a pipeline: $true when the database has every migration of the folder applied and
    /// none Failed, Dirty, Modified or Missing; $false otherwise. With -Strict the first problem ends the command
    /// with its ErrorId instead, so a CI step fails on it. Changes nothing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "Migration")]
    [OutputType(typeof(bool))]
    public sealed class TestMigrationCommand : DatabaseCmdlet
    {
        // Worst first: the state a -Strict failure names when several are found.
        private static readonly (MigrationState State, string ErrorId, FailureCategory Category)[] Gates =
        {
            (MigrationState.Dirty, ErrorIds.DatabaseDirty, FailureCategory.InvalidOperation),
            (MigrationState.Failed, ErrorIds.MigrationFailed, FailureCategory.InvalidOperation),
            (MigrationState.Modified, ErrorIds.MigrationModified, FailureCategory.InvalidData),
            (MigrationState.Missing, ErrorIds.MigrationMissing, FailureCategory.ObjectNotFound),
            (MigrationState.Pending, ErrorIds.MigrationsPending, FailureCategory.InvalidOperation),
        };

        /// <summary>The migrations folder the database is checked against.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>Any migration not Applied ends the command with a terminating error: MigrationsPending, MigrationFailed, DatabaseDirty, MigrationModified or MigrationMissing.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        /// <summary>One database or a fleet: targets, URLs, paths or connection strings, also piped by value; one answer per database.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public override DatabaseTarget[]? Database { get; set; }

        private protected override bool TakesFleet => true;

        protected override void ProcessItem()
        {
            MigrationFolder? folder = MigrationFolders.Resolve(this, Path, Encoding);
            ForEachItem(ResolveDatabases(null, null), target =>
            {
                IReadOnlyList<MigrationInfo> infos = RunEngine((log, token) => new Migrator(log).GetStatusAsync(target, folder, JournalTable, token));
                foreach (var gate in Gates)
                {
                    MigrationInfo[] found = infos.Where(i => i.State == gate.State).ToArray();
                    if (found.Length == 0)
                    {
                        continue;
                    }

                    string listed = string.Join(", ", found.Take(5).Select(i => $"{i.TypedVersion} ({i.Name})")) + (found.Length > 5 ? $" and {found.Length - 5} more" : string.Empty);
                    string message = $"{target.Url}: {found.Length} migration(s) {gate.State}: {listed}.";
                    WriteVerbose(message);
                    if (Strict)
                    {
                        ThrowTerminatingError(ErrorRecords.From(new RollbackToolsException(gate.ErrorId, gate.Category, message, found[0])));
                    }

                    WriteObject(false);
                    return;
                }

                WriteObject(true);
            });
        }
    }
}
