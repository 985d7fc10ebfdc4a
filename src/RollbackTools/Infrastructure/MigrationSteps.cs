using System;
using System.Management.Automation;
using RollbackTools.Commands;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// Confirms and runs the steps of a migration plan for Invoke-Migration and Undo-Migration: each step is
    /// asked about (-WhatIf lists them all with their SQL), the approved ones run under a progress bar, and
    /// each result is written as it completes.
    /// </summary>
    internal sealed class MigrationSteps
    {
        private const int ProgressActivityId = 1;
        private readonly RollbackToolsCmdlet cmdlet;

        public MigrationSteps(RollbackToolsCmdlet cmdlet) => this.cmdlet = cmdlet;

        /// <summary>One line per step for -WhatIf and -Confirm, with the SQL it will send.</summary>
        public static string Describe(MigrationStep step, DatabaseTarget target) =>
            $"{(step.Direction == MigrationDirection.Up ? "Apply" : "Undo")} migration {step.Version} ({step.Name}) on {target.Url}" +
            $"{(step.InTransaction ? "" : ", outside a transaction")}, running:{Environment.NewLine}{step.Sql.Trim()}";

        public void ConfirmAndRun(MigrationPlan plan)
        {
            string activity = cmdlet.MyInvocation.MyCommand.Name;
            int approved = Approve(plan, plan.Direction == MigrationDirection.Up ? "Apply" : "Undo");
            try
            {
                cmdlet.RunEngine((dispatcher, token) => new Migrator(dispatcher).RunAsync(plan, approved, new ProgressObserver(cmdlet, dispatcher, activity), token));
            }
            finally
            {
                cmdlet.ReportProgress(new ProgressRecord(ProgressActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>
        /// Asks about each step in order and returns how many of the first ones were approved: a declined
        /// step ends the run there, since later migrations build on earlier ones. -WhatIf still lists them all.
        /// </summary>
        private int Approve(MigrationPlan plan, string action)
        {
            int approved = 0;
            bool declined = false;
            foreach (MigrationStep step in plan.Steps)
            {
                bool yes = cmdlet.ShouldProcess(Describe(step, plan.Database), $"{action} migration {step.Version} ({step.Name}) on {plan.Database.Url}?", action, out ShouldProcessReason reason);
                if (yes && !declined)
                {
                    approved++;
                    continue;
                }

                if (reason != ShouldProcessReason.WhatIf)
                {
                    if (!yes && !declined)
                    {
                        cmdlet.WriteVerbose($"Stopping before migration {step.Version}: it was declined, and the ones after it build on it.");
                    }

                    break;
                }

                declined = true;
            }

            return approved;
        }

        private sealed class ProgressObserver : IMigrationObserver
        {
            private readonly RollbackToolsCmdlet cmdlet;
            private readonly PipelineDispatcher dispatcher;
            private readonly string activity;

            public ProgressObserver(RollbackToolsCmdlet cmdlet, PipelineDispatcher dispatcher, string activity)
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
                        $"Migration {result.TypedVersion} ({result.Name}) failed {result.Direction.ToString().ToLowerInvariant()}: {result.Error}",
                        result);
                    cmdlet.WriteEngineError(error);
                }
            });
        }
    }
}
