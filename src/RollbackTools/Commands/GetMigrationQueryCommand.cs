using System;
using System.Collections.Generic;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// What runs on the server now, longest first: each other session's query, state, wait and the sessions
    /// it blocks or waits for. The seed's first emergency step is finding the migration's ALTER TABLE here.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MigrationQuery")]
    [OutputType(typeof(ActiveQuery))]
    public sealed class GetMigrationQueryCommand : DatabaseCmdlet
    {
        /// <summary>SQL LIKE over the query text, as in the seed: '%ALTER TABLE%'. Case-insensitive.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Pattern { get; set; }

        /// <summary>A regular expression over the query text.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Match { get; set; }

        [Parameter]
        [DurationTransformation]
        public TimeSpan? MinDuration { get; set; }

        /// <summary>Only sessions that other sessions wait for.</summary>
        [Parameter]
        public SwitchParameter Blocking { get; set; }

        /// <summary>Only sessions that wait for another.</summary>
        [Parameter]
        public SwitchParameter Blocked { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? User { get; set; }

        /// <summary>Also idle sessions (idle in transaction is always shown: it holds locks).</summary>
        [Parameter]
        public SwitchParameter IncludeIdle { get; set; }

        /// <summary>Sessions of every database on the server, not only those connected to -Database's.</summary>
        [Parameter]
        public SwitchParameter AllDatabases { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            var filter = new QueryFilter
            {
                Pattern = Pattern,
                Match = Match,
                MinDuration = MinDuration,
                Blocking = Blocking,
                Blocked = Blocked,
                User = User,
                IncludeIdle = IncludeIdle,
                AllDatabases = AllDatabases,
            };
            IReadOnlyList<ActiveQuery> queries = RunEngine((log, token) => new SessionService(log).ListAsync(target, filter, token));
            WriteObject(queries, enumerateCollection: true);
        }
    }
}
