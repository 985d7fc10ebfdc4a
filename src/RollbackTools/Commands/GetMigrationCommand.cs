using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>Every migration in the folder and the journal, with its state in this database.</summary>
    [Cmdlet(VerbsCommon.Get, "Migration")]
    [OutputType(typeof(MigrationInfo))]
    public sealed class GetMigrationCommand : DatabaseCmdlet
    {
        /// <summary>The migrations folder. Without it, only what the journal records is shown.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>Only migrations in these states.</summary>
        [Parameter]
        [ValidateSet("Pending", "Applied", "Failed", "Dirty", "Missing", "Modified")]
        public string[]? State { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        /// <summary>One database or a fleet: targets, URLs, paths or connection strings, also piped by value; each row names its Database.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public override DatabaseTarget[]? Database { get; set; }

        private protected override bool TakesFleet => true;

        /// <summary>Only slice i of n of the fleet (3/16), the same databases every time.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Shard { get; set; }

        /// <summary>A named environment of rollbacktools.psd1 in the current location: its databases, Path, JournalTable, waves and throttle, where the parameters do not say otherwise.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EnvironmentCompleter))]
        public string? Environment { get; set; }

        protected override void ProcessItem()
        {
            ProjectEnvironment? environment = LoadEnvironment(Environment);
            Path ??= environment?.Path;
            JournalTable ??= environment?.JournalTable;
            MigrationFolder? folder = MigrationFolders.Resolve(this, Path, Encoding);
            ForEachItem(ResolveDatabases(Shard, environment), target =>
            {
                IReadOnlyList<MigrationInfo> infos = RunEngine((log, token) => new Migrator(log).GetStatusAsync(target, folder, JournalTable, token));
                foreach (MigrationInfo info in infos.Where(i => State == null || State.Contains(i.State.ToString(), StringComparer.OrdinalIgnoreCase)))
                {
                    WriteObject(info);
                }
            });
        }
    }
}
