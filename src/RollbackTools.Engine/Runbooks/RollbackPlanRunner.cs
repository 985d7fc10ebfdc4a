using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Fleets;

namespace RollbackTools
{
    /// <summary>One plan to carry out: its target, and how many of its steps the operator approved (the rest are skipped).</summary>
    public sealed class ApprovedRollbackPlan
    {
        public ApprovedRollbackPlan(DatabaseTarget target, RollbackPlan plan, int approvedSteps)
        {
            Target = target;
            Plan = plan;
            ApprovedSteps = approvedSteps;
        }

        public DatabaseTarget Target { get; }

        public RollbackPlan Plan { get; }

        public int ApprovedSteps { get; }
    }

    /// <summary>
    /// Carries out rollback plans: each plan's steps in order, stopping at its first failure, several plans
    /// at once when asked. The application rollback runs outside the engine (it is the operator's script),
    /// through <c>runApplication</c>, which returns the error it met or null.
    /// </summary>
    public sealed class RollbackPlanRunner
    {
        private readonly IEngineLog log;
        private readonly Func<RollbackStep, CancellationToken, Task<string?>> runApplication;

        public RollbackPlanRunner(IEngineLog log, Func<RollbackStep, CancellationToken, Task<string?>> runApplication)
        {
            this.log = log;
            this.runApplication = runApplication;
        }

        /// <summary>One step, timed and written to the history; a failure is in the result and returned as the error to report.</summary>
        public async Task<(RollbackStepResult Result, RollbackToolsException? Error)> RunStepAsync(DatabaseTarget target, RollbackPlan plan, RollbackStep step, CancellationToken cancellationToken)
        {
            var result = new RollbackStepResult(step, target);
            var clock = Stopwatch.StartNew();
            RollbackToolsException? error = null;
            try
            {
                var service = new RunbookService(log);
                if (step.Kind == RollbackStepKind.ApplicationRollback)
                {
                    string? failure = await runApplication(step, cancellationToken).ConfigureAwait(false);
                    await service.RecordStepAsync(target, plan, step, failure, clock.Elapsed).ConfigureAwait(false);
                    if (failure != null)
                    {
                        throw new RollbackToolsException(ErrorIds.RollbackStepFailed, FailureCategory.InvalidOperation, $"The application rollback failed: {failure}", step);
                    }
                }
                else
                {
                    await service.RunRollbackStepAsync(target, plan, step, cancellationToken).ConfigureAwait(false);
                }

                result.Status = MigrationStatus.Succeeded;
            }
            catch (RollbackToolsException ex) when (!cancellationToken.IsCancellationRequested)
            {
                result.Status = MigrationStatus.Failed;
                result.Error = ex.Message;
                error = new RollbackToolsException(ErrorIds.RollbackStepFailed, FailureCategory.InvalidOperation, $"{target.Url}: step {step.Order} ({step.Kind}) failed: {ex.Message}", result, ex);
            }

            result.Duration = clock.Elapsed;
            return (result, error);
        }

        /// <summary>
        /// Every plan, at most <paramref name="throttleLimit"/> at once, each on its own sessions: one plan's
        /// failure stops that plan only. Results reach <paramref name="completed"/> as each step ends.
        /// </summary>
        public Task RunAsync(IReadOnlyList<ApprovedRollbackPlan> plans, int throttleLimit, Action<RollbackStepResult, RollbackToolsException?> completed, CancellationToken cancellationToken) =>
            Throttle.ForEachDatabaseAsync(plans, p => p.Target, throttleLimit, async (approved, token) =>
            {
                bool stopped = false;
                for (int i = 0; i < approved.Plan.Steps.Count; i++)
                {
                    RollbackStep step = approved.Plan.Steps[i];
                    if (stopped || i >= approved.ApprovedSteps)
                    {
                        completed(new RollbackStepResult(step, approved.Target), null);
                        continue;
                    }

                    (RollbackStepResult result, RollbackToolsException? error) = await RunStepAsync(approved.Target, approved.Plan, step, token).ConfigureAwait(false);
                    stopped = error != null;
                    completed(result, error);
                }
            }, cancellationToken);
    }
}
