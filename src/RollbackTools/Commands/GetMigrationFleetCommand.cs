using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>One screen for a fleet: per database its version, what is pending, Dirty and Failed migrations, the last run and, with -Drift, drift.</summary>
    [Cmdlet(VerbsCommon.Get, "MigrationFleet")]
    [OutputType(typeof(FleetDatabaseStatus), typeof(FleetSummary))]
    public sealed class GetMigrationFleetCommand : DatabaseCmdlet
    {
        private readonly List<DatabaseTarget> fleet = new List<DatabaseTarget>();

        /// <summary>The migrations folder: without it, only what each journal records counts (nothing is Pending).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>The databases: targets, URLs, paths or connection strings, also piped by value.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public override DatabaseTarget[]? Database { get; set; }

        private protected override bool TakesFleet => true;

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        /// <summary>Only slice i of n of the fleet (3/16), the same databases every time.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Shard { get; set; }

        /// <summary>Also rebuild each database's applied migrations in a scratch database and count the differences (Test-MigrationDrift).</summary>
        [Parameter]
        public SwitchParameter Drift { get; set; }

        /// <summary>Counts per state instead of a row per database.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>How many databases are read at once (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

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
            if (environment?.ThrottleLimit is int throttle && !MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)))
            {
                ThrottleLimit = throttle;
            }

            fleet.AddRange(ResolveDatabases(Shard, environment));
        }

        protected override void EndProcessing() => Guarded(() =>
        {
            MigrationFolder? folder = MigrationFolders.Resolve(this, Path, Encoding);
            // The same database piped twice (a list and a query that overlap) is one row.
            List<DatabaseTarget> distinct = fleet.GroupBy(t => t.Url, StringComparer.Ordinal).Select(g => g.First()).ToList();
            IReadOnlyList<FleetDatabaseStatus> rows = RunEngine((log, token) => new FleetStatusReader(log).ReadAsync(distinct, folder, JournalTable, Drift, ThrottleLimit, token));
            if (Summary)
            {
                WriteObject(FleetStatusReader.Summarize(rows), enumerateCollection: true);
                return;
            }

            WriteObject(rows, enumerateCollection: true);
        });
    }
}
