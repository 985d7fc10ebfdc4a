using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Records a manual fix in the journal, as golang-migrate's force does: Applied when the operator
    /// finished the migration by hand, Pending when they took it back by hand. Runs no migration SQL.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "MigrationState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VersionSet)]
    [OutputType(typeof(MigrationHistoryEntry))]
    public sealed class SetMigrationStateCommand : DatabaseCmdlet
    {
        private const string VersionSet = "Version";
        private const string UpToSet = "UpTo";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = VersionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string? Version { get; set; }

        /// <summary>A baseline: every migration in -Path up to this version, recorded Applied without running.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UpToSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string? UpTo { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateSet("Applied", "Pending")]
        public string? State { get; set; }

        /// <summary>The migrations folder: needed to mark Applied a migration the journal does not know yet.</summary>
        [Parameter(ParameterSetName = VersionSet)]
        [Parameter(Mandatory = true, ParameterSetName = UpToSet)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>With -UpTo: record the baseline although the journal already has rows (only the migrations it lacks are added).</summary>
        [Parameter(ParameterSetName = UpToSet)]
        public SwitchParameter Force { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        /// <summary>How long to wait for another runner's lock (default 1 minute).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? LockWait { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            MigrationFolder? folder = MigrationFolders.Resolve(this, Path, Encoding);
            if (UpTo != null)
            {
                RecordBaseline(target, folder!);
                return;
            }

            if (!ShouldProcess($"migration {Version} in the journal of {target.Url}", $"Record as {State}"))
            {
                return;
            }

            var state = (MigrationState)Enum.Parse(typeof(MigrationState), State!, ignoreCase: true);
            WriteObject(RunEngine((log, token) => new Migrator(log).SetStateAsync(target, folder, Version!, state, MigrationRunOptions.For(JournalTable, LockWait), token)));
        }

        private void RecordBaseline(DatabaseTarget target, MigrationFolder folder)
        {
            if (!string.Equals(State, "Applied", StringComparison.OrdinalIgnoreCase))
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, "-UpTo records a baseline, so -State must be Applied; take migrations back one by one with -Version, or with Undo-Migration.", State);
            }

            BaselinePlan plan = RunEngine((log, token) => new Migrator(log).PlanBaselineAsync(target, folder, UpTo!, Force, JournalTable, token));
            if (ShouldProcess($"Record {plan.Migrations.Count} migration(s) up to {plan.Version} as applied on {target.Url} without running them: {string.Join(", ", plan.Migrations)}", $"Record {plan.Migrations.Count} migration(s) up to {plan.Version} as applied on {target.Url}?", "Baseline"))
            {
                WriteObject(RunEngine((log, token) => new Migrator(log).RecordBaselineAsync(plan, Force, MigrationRunOptions.For(JournalTable, LockWait), token)).History);
            }
        }
    }
}
