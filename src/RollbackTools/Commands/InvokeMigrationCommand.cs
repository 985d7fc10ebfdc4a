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
    public sealed class InvokeMigrationCommand : MigrationRunCmdlet
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

        protected override void ProcessRecord()
        {
            try
            {
                DatabaseTarget target = ResolveDatabase();
                MigrationFolder folder = ResolveFolder(Path, Encoding)!;
                if (Baseline != null)
                {
                    RecordBaseline(target, folder);
                    return;
                }

                MigrationRunOptions options = RunOptions(JournalTable);
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

                ConfirmAndRun(plan);
            }
            catch (RollbackToolsException ex)
            {
                WriteEngineError(ex);
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

            var recorded = RunEngine((log, token) => new Migrator(log).RecordBaselineAsync(plan, Force, RunOptions(JournalTable), token));
            WriteObject(recorded.Results, enumerateCollection: true);
        }
    }
}
