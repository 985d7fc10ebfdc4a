using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Records a manual fix in the journal, as golang-migrate's force does: Applied when the operator
    /// finished the migration by hand, Pending when they took it back by hand. Runs no migration SQL.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "MigrationState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MigrationHistoryEntry))]
    public sealed class SetMigrationStateCommand : JournalWritingCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string? Version { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateSet("Applied", "Pending")]
        public string? State { get; set; }

        /// <summary>The migrations folder: needed to mark Applied a migration the journal does not know yet.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                DatabaseTarget target = ResolveDatabase();
                MigrationFolder? folder = ResolveFolder(Path, Encoding);
                if (!ShouldProcess($"migration {Version} in the journal of {target.Url}", $"Record as {State}"))
                {
                    return;
                }

                var state = (MigrationState)Enum.Parse(typeof(MigrationState), State!, ignoreCase: true);
                WriteObject(RunEngine((log, token) => new Migrator(log).SetStateAsync(target, folder, Version!, state, RunOptions(JournalTable), token)));
            }
            catch (RollbackToolsException ex)
            {
                WriteEngineError(ex);
            }
        }
    }
}
