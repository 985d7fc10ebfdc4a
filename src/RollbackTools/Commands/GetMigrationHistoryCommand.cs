using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>The journal's append-only history: every up, down, failure and manual state change, oldest first.</summary>
    [Cmdlet(VerbsCommon.Get, "MigrationHistory")]
    [OutputType(typeof(MigrationHistoryEntry))]
    public sealed class GetMigrationHistoryCommand : DatabaseCmdlet
    {
        /// <summary>Only what happened at or after this moment (local time unless it says otherwise).</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string[]? Version { get; set; }

        /// <summary>Only rows with these statuses (Succeeded, Failed, Dirty, Applied, Pending); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HistoryStatusCompleter))]
        public string[]? Status { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            DateTimeOffset? since = Since.HasValue ? ParameterValues.Moment(Since.Value) : null;
            IReadOnlyList<MigrationHistoryEntry> rows = RunEngine((log, token) => new Migrator(log).GetHistoryAsync(target, JournalTable, since, token));
            HashSet<MigrationVersion>? versions = Version?.Select(MigrationVersion.Parse).ToHashSet();
            Func<string?, bool> status = ParameterValues.Wildcards(Status);
            foreach (MigrationHistoryEntry row in rows)
            {
                if ((versions == null || versions.Contains(row.TypedVersion)) && status(row.Status.ToString()))
                {
                    WriteObject(row);
                }
            }
        }
    }
}
