using System;
using System.Collections.Generic;
using System.Linq;
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
    [OutputType(typeof(System.IO.FileInfo))]
    public sealed class InvokeMigrationCommand : DatabaseCmdlet
    {
        private const string ApplySet = "Apply";
        private const string BaselineSet = "Baseline";

        /// <summary>The migrations folder; with -Environment, the project file's Path when not given.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>
        /// Bound from piped Get-Migration rows: their folder stands for -Path, and the newest of their versions for
        /// -Target, so <c>Get-Migration -State Pending | Select-Object -First 2 | Invoke-Migration</c> applies those two.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ApplySet, DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string? MigrationsPath { get; set; }

        /// <summary>The versions of piped Get-Migration rows; with MigrationsPath, the newest is the -Target.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ApplySet, DontShow = true)]
        [Alias("Version")]
        public object? PipedVersion { get; set; }

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

        /// <summary>Write the SQL the run would send (statements, transaction boundaries, journal writes) to this file, and change nothing.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [ValidateNotNullOrEmpty]
        public string? ScriptPath { get; set; }

        /// <summary>Make a restore point of this name on each database before anything is applied (see New-MigrationRestorePoint); a database that cannot have one is not migrated.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [ValidateNotNullOrEmpty]
        public string? RestorePoint { get; set; }

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

        /// <summary>One database or a fleet: targets, URLs, paths or connection strings, also piped by value (Get-Content tenants.txt).</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public override DatabaseTarget[]? Database { get; set; }

        private protected override bool TakesFleet => true;

        /// <summary>How many databases of a fleet run at once, each with its own session, lock and journal (default 4).</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Wave sizes, in the order the databases were given: counts (10), shares of the fleet ('25%'), '*' for the rest. The last size repeats.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [ValidateNotNullOrEmpty]
        public string[]? Wave { get; set; }

        /// <summary>How many databases of a wave may fail before the rollout stops (default 0).</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [ValidateRange(0, int.MaxValue)]
        public int MaxFailures { get; set; }

        /// <summary>When a wave fails, take back what this rollout applied on its databases (see -RollbackScope).</summary>
        [Parameter(ParameterSetName = ApplySet)]
        public SwitchParameter RollbackOnFailure { get; set; }

        /// <summary>Wave: only the failed wave's databases are taken back; All: every database the rollout changed.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [ValidateSet("Wave", "All")]
        public string RollbackScope { get; set; } = "Wave";

        /// <summary>Only slice i of n of the fleet (3/16), the same databases every time: one parallel pipeline job's share.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Shard { get; set; }

        private readonly List<DatabaseTarget> fleet = new List<DatabaseTarget>();
        private readonly List<string> pipedFolders = new List<string>();
        private readonly List<MigrationVersion> pipedVersions = new List<MigrationVersion>();

        /// <summary>A named environment of rollbacktools.psd1 in the current location: its databases, Path, JournalTable, waves and throttle, where the parameters do not say otherwise.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EnvironmentCompleter))]
        public string? Environment { get; set; }

        // Every database piped in is collected first: a fleet is cut into waves only once it is known whole.
        protected override void ProcessItem()
        {
            ProjectEnvironment? environment = LoadEnvironment(Environment);
            if (environment != null)
            {
                Path ??= environment.Path;
                JournalTable ??= environment.JournalTable;
                Wave ??= environment.Waves;
                if (environment.ThrottleLimit is int throttle && !MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)))
                {
                    ThrottleLimit = throttle;
                }

                if (environment.MaxFailures is int failures && !MyInvocation.BoundParameters.ContainsKey(nameof(MaxFailures)))
                {
                    MaxFailures = failures;
                }
            }

            fleet.AddRange(ResolveDatabases(Shard, environment));
            if (MigrationsPath != null)
            {
                pipedFolders.Add(MigrationsPath);
                if (PipedVersion != null && MigrationVersion.TryParse(PipedVersion.ToString(), out MigrationVersion? version))
                {
                    pipedVersions.Add(version!);
                }
            }
        }

        protected override void EndProcessing() => Guarded(() =>
        {
            TakePipedMigrations();
            if (Path == null)
            {
                throw new RollbackToolsException(ErrorIds.MigrationPathNotFound, FailureCategory.InvalidArgument, "No migrations folder: give -Path, or -Environment with a Path in rollbacktools.psd1.");
            }

            MigrationFolder folder = MigrationFolders.Resolve(this, Path, Encoding)!;
            List<DatabaseTarget> targets = fleet.GroupBy(t => t.Url, StringComparer.Ordinal).Select(g => g.First()).ToList();
            if (Baseline != null)
            {
                ForEachItem(targets, target => RecordBaseline(target, folder));
                return;
            }

            if (ScriptPath != null)
            {
                WriteSqlPlan(targets, folder);
                return;
            }

            bool fleetAsked = new[] { nameof(ThrottleLimit), nameof(Wave), nameof(MaxFailures), nameof(RollbackOnFailure), nameof(RollbackScope), nameof(Shard), nameof(Environment) }.Any(MyInvocation.BoundParameters.ContainsKey);
            if (targets.Count == 1 && !fleetAsked)
            {
                Apply(targets[0], folder);
            }
            else if (targets.Count > 0)
            {
                RollOut(targets, folder);
            }
            else if (Shard != null)
            {
                WriteVerbose($"-Shard {Shard} holds none of the databases given.");
            }
        });

        /// <summary>Rows piped from Get-Migration name their folder and, unless -Target or -Count says otherwise, how far to go.</summary>
        private void TakePipedMigrations()
        {
            if (pipedFolders.Count == 0 || Path != null)
            {
                return;
            }

            string[] folders = pipedFolders.Distinct(StringComparer.Ordinal).ToArray();
            if (folders.Length > 1)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"The migrations piped in come from {folders.Length} folders ({string.Join(", ", folders)}); run Invoke-Migration once per folder, or give -Path.", folders);
            }

            Path = folders[0];
            if (Target == null && Count == null && pipedVersions.Count > 0)
            {
                Target = pipedVersions.Max()!.Text;
            }
        }

        private void Apply(DatabaseTarget target, MigrationFolder folder)
        {
            MigrationPlan plan = PlanUp(target, folder);
            if (plan.Steps.Count == 0)
            {
                WriteVerbose($"{target.Url} is up to date: no pending migration in {folder}.");
                return;
            }

            if (!TakeRestorePoint(target))
            {
                return;
            }

            new MigrationSteps(this).ConfirmAndRun(plan);
        }

        private MigrationPlan PlanUp(DatabaseTarget target, MigrationFolder folder)
        {
            MigrationRunOptions options = RunOptions();
            options.SingleTransaction = SingleTransaction;
            options.AllowModified = AllowModified;
            options.AllowMissingDown = AllowMissingDown;
            var selection = new UpSelection { Target = Target, Count = Count };
            return RunEngine((log, token) => new Migrator(log).PlanUpAsync(target, folder, selection, options, token));
        }

        /// <summary>
        /// -RestorePoint: the point is made before the first migration, and a database that cannot have one is
        /// not migrated at all. False when the run must not go on (-WhatIf, declined).
        /// </summary>
        private bool TakeRestorePoint(DatabaseTarget target)
        {
            if (RestorePoint == null)
            {
                return true;
            }

            if (!ShouldProcess(target.Url, $"Make restore point {RestorePoint} before the run"))
            {
                return false;
            }

            MigrationRestorePoint point = RunEngine((log, token) => new RestorePointService(log).CreateAsync(target, RestorePoint, JournalTable, token, beforeRun: true));
            WriteVerbose($"{target.Url}: restore point {point}.");
            return true;
        }

        /// <summary>-ScriptPath: every database's plan as the SQL its run would send; nothing runs.</summary>
        private void WriteSqlPlan(IReadOnlyList<DatabaseTarget> targets, MigrationFolder folder)
        {
            var file = new SqlPlanFile(this, ScriptPath!);
            ForEachItem(targets, target => file.Add(PlanUp(target, folder)));
            file.Write();
        }

        private void RollOut(IReadOnlyList<DatabaseTarget> targets, MigrationFolder folder)
        {
            MigrationRunOptions options = RunOptions();
            var selection = new UpSelection { Target = Target, Count = Count };
            var rollout = new RolloutOptions
            {
                ThrottleLimit = ThrottleLimit,
                Waves = (Wave ?? new[] { "*" }).Select(WaveSize.Parse).ToList(),
                MaxFailures = MaxFailures,
                RollbackOnFailure = RollbackOnFailure,
                RollbackScope = string.Equals(RollbackScope, "All", StringComparison.OrdinalIgnoreCase) ? RollbackTools.RollbackScope.All : RollbackTools.RollbackScope.Wave,
            };
            IReadOnlyList<RolloutDatabase> planned = RunEngine((log, token) => new Rollout(log).PlanAsync(targets, folder, selection, options, ThrottleLimit, token));
            bool whatIf = false;
            foreach (RolloutDatabase database in planned)
            {
                if (database.Error != null)
                {
                    WriteEngineError(database.Error);
                    continue;
                }

                string steps = string.Join(", ", database.Plan!.Steps.Select(s => $"{s.Version} {s.Name}"));
                if (!ShouldProcess($"{database.Target.Url}: apply {database.Plan.Steps.Count} migration(s): {steps}", $"Apply {database.Plan.Steps.Count} migration(s) on {database.Target.Url}?", "Apply", out ShouldProcessReason reason))
                {
                    whatIf |= reason == ShouldProcessReason.WhatIf;
                    database.Decline();
                }
            }

            if (whatIf)
            {
                return;
            }

            // Each database's point before any wave starts; one that cannot have one stays as it is.
            foreach (RolloutDatabase database in planned.Where(d => d.Error == null && !d.Declined && d.Plan!.Steps.Count > 0))
            {
                try
                {
                    if (!TakeRestorePoint(database.Target))
                    {
                        database.Decline();
                    }
                }
                catch (RollbackToolsException ex)
                {
                    WriteEngineError(ex);
                    database.Decline();
                }
            }

            RolloutOutcome outcome;
            RolloutProgress? progress = null;
            try
            {
                outcome = RunEngine((dispatcher, token) => new Rollout(dispatcher).RunAsync(planned, rollout, progress = new RolloutProgress(this, dispatcher, MyInvocation.MyCommand.Name), token));
            }
            finally
            {
                progress?.Finish();
            }

            if (outcome.StoppedAfterWave is int wave)
            {
                string[] notStarted = outcome.Databases.Where(d => !d.Started).Select(d => d.Target.Url).ToArray();
                string[] failed = outcome.Databases.Where(d => d.Wave == wave && d.Failed).Select(d => d.Target.Url).ToArray();
                WriteEngineError(new RollbackToolsException(
                    ErrorIds.RolloutStopped,
                    FailureCategory.OperationStopped,
                    $"The rollout stopped after wave {wave}: {failed.Length} database(s) failed ({string.Join(", ", failed)}), more than -MaxFailures {MaxFailures}. " +
                    $"{(RollbackOnFailure ? "What it applied there was taken back. " : "")}Not started: {(notStarted.Length == 0 ? "none" : string.Join(", ", notStarted))}.",
                    outcome));
            }
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
