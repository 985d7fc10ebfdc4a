using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>A cmdlet that reads or changes a database's migration journal.</summary>
    public abstract class MigrationCmdlet : DatabaseCmdlet
    {
        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public virtual string? JournalTable { get; set; }

        /// <summary>A folder as the operator typed it, resolved against the PowerShell location, with its scripts' encoding.</summary>
        protected MigrationFolder? ResolveFolder(string? path, System.Text.Encoding? encoding) =>
            path == null ? null : new MigrationFolder(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path), encoding);

        /// <summary>One line per step for -WhatIf and -Confirm, with the SQL it will send.</summary>
        protected static string Describe(MigrationStep step, DatabaseTarget target) =>
            $"{(step.Direction == MigrationDirection.Up ? "Apply" : "Undo")} migration {step.Version} ({step.Name}) on {target.Url}" +
            $"{(step.InTransaction ? "" : ", outside a transaction")}, running:{Environment.NewLine}{step.Sql.Trim()}";

        /// <summary>
        /// Asks about each step of the plan (-WhatIf lists them), then runs the approved ones, streaming each
        /// result as it completes under a progress bar.
        /// </summary>
        protected void ConfirmAndRun(MigrationPlan plan)
        {
            string activity = MyInvocation.MyCommand.Name;
            int approved = ApproveSteps(plan, plan.Direction == MigrationDirection.Up ? "Apply" : "Undo");
            try
            {
                RunEngine((dispatcher, token) => new Migrator(dispatcher).RunAsync(plan, approved, new ProgressObserver(this, dispatcher, activity), token));
            }
            finally
            {
                ReportProgress(new ProgressRecord(ProgressActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>
        /// Asks about each step in order and returns how many of the first ones were approved: a declined
        /// step ends the run there, since later migrations build on earlier ones. -WhatIf still lists them all.
        /// </summary>
        private int ApproveSteps(MigrationPlan plan, string action)
        {
            int approved = 0;
            bool declined = false;
            foreach (MigrationStep step in plan.Steps)
            {
                bool yes = ShouldProcess(Describe(step, plan.Database), $"{action} migration {step.Version} ({step.Name}) on {plan.Database.Url}?", action, out ShouldProcessReason reason);
                if (yes && !declined)
                {
                    approved++;
                    continue;
                }

                if (reason != ShouldProcessReason.WhatIf)
                {
                    if (!yes && !declined)
                    {
                        WriteVerbose($"Stopping before migration {step.Version}: it was declined, and the ones after it build on it.");
                    }

                    break;
                }

                declined = true;
            }

            return approved;
        }

        private const int ProgressActivityId = 1;

        private sealed class ProgressObserver : IMigrationObserver
        {
            private readonly MigrationCmdlet cmdlet;
            private readonly PipelineDispatcher dispatcher;
            private readonly string activity;

            public ProgressObserver(MigrationCmdlet cmdlet, PipelineDispatcher dispatcher, string activity)
            {
                this.cmdlet = cmdlet;
                this.dispatcher = dispatcher;
                this.activity = activity;
            }

            public void Starting(MigrationStep step, int index, int total) => dispatcher.Post(() =>
                cmdlet.ReportProgress(new ProgressRecord(ProgressActivityId, activity, $"{step.Direction} {step.Version} {step.Name} ({index + 1} of {total})")
                {
                    PercentComplete = index * 100 / total,
                    CurrentOperation = step.Path ?? "down script stored in the journal",
                }));

            public void Completed(MigrationResult result) => dispatcher.Post(() =>
            {
                cmdlet.WriteObject(result);
                if (result.Status == MigrationStatus.Failed)
                {
                    var error = new RollbackToolsException(
                        ErrorIds.MigrationFailed,
                        FailureCategory.InvalidOperation,
                        $"Migration {result.Version} ({result.Name}) failed {result.Direction.ToString().ToLowerInvariant()}: {result.Error}",
                        result);
                    cmdlet.WriteEngineError(error);
                }
            });
        }
    }
}
