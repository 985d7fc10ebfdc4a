using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Applies pending migrations in version order, each in its own transaction where the database has
    /// transactional DDL, under a lock that keeps other runners out. Emits one result per migration as it
    /// completes and stops at the first failure.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "Migration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ApplySet)]
    [OutputType(typeof(MigrationResult))]
    public sealed class InvokeMigrationCommand : DatabaseCmdlet
    {
        private const string ApplySet = "Apply";
        private const string BaselineSet = "Baseline";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>Apply pending migrations up to and including this version.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string? Target { get; set; }

        /// <summary>Apply only the first N pending migrations.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [ValidateRange(1, int.MaxValue)]
        public int? Count { get; set; }

        /// <summary>Runs every migration of the run in one transaction (PostgreSQL, SQLite): all or nothing.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        public SwitchParameter SingleTransaction { get; set; }

        /// <summary>Runs even though an applied migration's file changed since it was applied.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        public SwitchParameter AllowModified { get; set; }

        /// <summary>Applies migrations that have no down script.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        public SwitchParameter AllowMissingDown { get; set; }

        /// <summary>Runs nothing: records every migration up to this version as applied, for a database that already has them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BaselineSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationVersionCompleter))]
        public string? Baseline { get; set; }

        /// <summary>With -Baseline: record it although the journal already has rows (only the migrations it lacks are added).</summary>
        [Parameter(ParameterSetName = BaselineSet)]
        public SwitchParameter Force { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

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

        /// <summary>Up: keep a schema snapshot from before each migration. Down: check the schema after the undo equals it.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            MigrationFolder folder = MigrationFolders.Resolve(this, Path, Encoding)!;
            if (Baseline != null)
            {
                RecordBaseline(target, folder);
                return;
            }

            MigrationRunOptions options = RunOptions();
            options.SingleTransaction = SingleTransaction;
            options.AllowModified = AllowModified;
            options.AllowMissingDown = AllowMissingDown;
            var selection = new UpSelection { Target = Target, Count = Count };
            MigrationPlan plan = RunEngine((log, token) => new Migrator(log).PlanUpAsync(target, folder, selection, options, token));
            if (plan.Steps.Count == 0)
            {
                WriteVerbose($"{target.Url} is up to date: no pending migration in {folder}.");
                return;
            }

            new MigrationSteps(this).ConfirmAndRun(plan);
        }

        private void RecordBaseline(DatabaseTarget target, MigrationFolder folder)
        {
            BaselinePlan plan = RunEngine((log, token) => new Migrator(log).PlanBaselineAsync(target, folder, Baseline!, Force, JournalTable, token));
            string list = string.Join(", ", plan.Migrations);
            if (!ShouldProcess($"Record {plan.Migrations.Count} migration(s) up to {plan.Version} as applied on {target.Url} without running them: {list}", $"Record {plan.Migrations.Count} migration(s) up to {plan.Version} as applied on {target.Url}?", "Baseline"))
            {
                return;
            }

            var recorded = RunEngine((log, token) => new Migrator(log).RecordBaselineAsync(plan, Force, RunOptions(), token));
            WriteObject(recorded.Results, enumerateCollection: true);
        }

        /// <summary>Everything the run's parameters say, in one place.</summary>
        private MigrationRunOptions RunOptions() =>
            MigrationRunOptions.For(JournalTable, LockWait, LockTimeout, StatementTimeout, RetryCount, Verify);
    }
}
