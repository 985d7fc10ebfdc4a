using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Takes applied migrations back with their down scripts, newest first: the newest one, -Count, -To,
    /// -All, -Version, or the results and infos piped in (each carries its database and journal).
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "Migration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = CountSet)]
    [OutputType(typeof(MigrationResult))]
    [OutputType(typeof(System.IO.FileInfo))]
    public sealed class UndoMigrationCommand : DatabaseCmdlet
    {
        private const string CountSet = "Count";
        private const string ToSet = "To";
        private const string AllSet = "All";
        private const string VersionSet = "Version";

        private readonly List<(DatabaseTarget Target, string? JournalTable, string Version)> piped = new List<(DatabaseTarget, string?, string)>();

        /// <remarks>
        /// Taken from the pipeline only with -Version, so piped results choose that parameter set and each
        /// brings its own database; the other sets undo by position in one database.
        /// </remarks>
        [Parameter(ParameterSetName = CountSet)]
        [Parameter(ParameterSetName = ToSet)]
        [Parameter(ParameterSetName = AllSet)]
        [Parameter(ParameterSetName = VersionSet, ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public override DatabaseTarget[]? Database { get; set; }

        [Parameter(ParameterSetName = CountSet)]
        [Parameter(ParameterSetName = ToSet)]
        [Parameter(ParameterSetName = AllSet)]
        [Parameter(ParameterSetName = VersionSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        /// <summary>Undo the newest N applied migrations (default 1).</summary>
        [Parameter(ParameterSetName = CountSet)]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; } = 1;

        /// <summary>Undo every applied migration newer than this version.</summary>
        [Parameter(ParameterSetName = ToSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string? To { get; set; }

        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>Undo exactly these versions; bound from piped MigrationResult and MigrationInfo objects.</summary>
        [Parameter(ParameterSetName = VersionSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string[]? Version { get; set; }

        /// <summary>The migrations folder, for -FromFiles.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>Run the down scripts in -Path rather than the ones stored when the migrations were applied.</summary>
        [Parameter]
        public SwitchParameter FromFiles { get; set; }

        /// <summary>Undo a Dirty migration: statements that fail (objects never created) become warnings.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }


        /// <summary>How long to wait for another runner's lock (default 1 minute).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? LockWait { get; set; }

        /// <summary>How long a statement may wait for a lock before giving up, so it does not queue the application behind it.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? LockTimeout { get; set; }

        /// <summary>How long one statement may run.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? StatementTimeout { get; set; }

        /// <summary>How many times a step that timed out waiting for a lock is tried again, with pauses of 1 s, 2 s, 4 s ...</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int RetryCount { get; set; }

        /// <summary>Write the SQL the undo would send (statements, transaction boundaries, journal writes) to this file, and change nothing.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ScriptPath { get; set; }

        /// <summary>Up: keep a schema snapshot from before each migration. Down: check the schema after the undo equals it.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        // -ScriptPath: the plans of every database and group of piped versions, written once at the end.
        private SqlPlanFile? sqlPlan;

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            if (ParameterSetName == VersionSet)
            {
                // Collected: piped results arrive oldest first, and undo must go newest first.
                piped.AddRange(Version!.Select(v => (target, JournalTable, v)));
                return;
            }

            Undo(target, JournalTable, new DownSelection { Count = Count, To = To, All = All });
        }

        protected override void EndProcessing()
        {
            ForEachItem(piped.GroupBy(p => (p.Target.Url, p.JournalTable)), group =>
                Undo(group.First().Target, group.Key.JournalTable, new DownSelection { Versions = group.Select(p => p.Version).ToList() }));
            if (sqlPlan != null)
            {
                Guarded(sqlPlan.Write);
            }
        }

        private void Undo(DatabaseTarget target, string? journalTable, DownSelection selection)
        {
            selection.Force = Force;
            selection.FromFiles = FromFiles;
            MigrationFolder? folder = MigrationFolders.Resolve(this, Path, Encoding);
            MigrationRunOptions options = MigrationRunOptions.For(journalTable, LockWait, LockTimeout, StatementTimeout, RetryCount, Verify);
            MigrationPlan plan = RunEngine((log, token) => new Migrator(log).PlanDownAsync(target, folder, selection, options, token));
            if (ScriptPath != null)
            {
                (sqlPlan ??= new SqlPlanFile(this, ScriptPath)).Add(plan);
                return;
            }

            if (plan.Steps.Count == 0)
            {
                WriteVerbose($"Nothing to undo on {target.Url}.");
                return;
            }

            new MigrationSteps(this).ConfirmAndRun(plan);
        }
    }
}
