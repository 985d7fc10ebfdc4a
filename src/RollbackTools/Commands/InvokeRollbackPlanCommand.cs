using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Carries out rollback plans step by step, asking before each, each plan stopping at its first failure.
    /// With -ThrottleLimit the plans piped in (one per database of a fleet) run at once, asked about up front.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RollbackPlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RollbackStepResult))]
    public sealed class InvokeRollbackPlanCommand : DatabaseCmdlet
    {
        private readonly List<ApprovedRollbackPlan> queued = new List<ApprovedRollbackPlan>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public RollbackPlan? Plan { get; set; }

        /// <summary>
        /// The database to run on, when the plan does not carry one with its credentials. Not taken from the
        /// piped plan's properties: a plan read back from a file has no target, and that must not fail binding.
        /// </summary>
        [Parameter]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public override DatabaseTarget[]? Database { get; set; }

        /// <summary>Run this many plans at once (each its own database); without it, plans run one after another as they arrive.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        private bool Parallel => MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit));

        protected override void ProcessItem()
        {
            RollbackPlan plan = Plan!;
            DatabaseTarget target = TargetOf(plan);
            int approved = Approve(target, plan);
            if (Parallel)
            {
                queued.Add(new ApprovedRollbackPlan(target, plan, approved));
                return;
            }

            // One plan at a time: each step is asked about just before it runs, after the previous one's result is shown.
            bool stopped = false;
            for (int i = 0; i < plan.Steps.Count; i++)
            {
                RollbackStep step = plan.Steps[i];
                if (stopped || (i == 0 ? approved == 0 : !Confirm(target, plan, step)))
                {
                    WriteObject(new RollbackStepResult(step, target));
                    stopped = true;
                    continue;
                }

                (RollbackStepResult result, RollbackToolsException? error) = RunEngine((dispatcher, token) => Runner(dispatcher).RunStepAsync(target, plan, step, token));
                if (error != null)
                {
                    WriteEngineError(error);
                    stopped = true;
                }

                WriteObject(result);
            }
        }

        protected override void EndProcessing() => Guarded(() =>
        {
            if (queued.Count == 0)
            {
                return;
            }

            RunEngine(async (dispatcher, token) =>
            {
                int total = queued.Sum(p => p.Plan.Steps.Count), done = 0;
                await Runner(dispatcher).RunAsync(queued, ThrottleLimit, (result, error) => dispatcher.Post(() =>
                {
                    done++;
                    ReportProgress(new ProgressRecord(1, MyInvocation.MyCommand.Name, $"{done} of {total} steps on {queued.Count} database(s)") { PercentComplete = done * 100 / total });
                    if (error != null)
                    {
                        WriteEngineError(error);
                    }

                    WriteObject(result);
                }), token).ConfigureAwait(false);
                return true;
            });
            ReportProgress(new ProgressRecord(1, MyInvocation.MyCommand.Name, "Done") { RecordType = ProgressRecordType.Completed });
        });

        /// <summary>
        /// How many leading steps may run. One plan at a time asks about its first step here and each later one
        /// when it comes; a parallel run asks about every step now, since nothing can be asked once the plans
        /// run at once. -WhatIf shows every step and approves none.
        /// </summary>
        private int Approve(DatabaseTarget target, RollbackPlan plan)
        {
            int approved = 0;
            bool whatIf = false;
            foreach (RollbackStep step in plan.Steps)
            {
                if (!ShouldProcess(Describe(target, step), Caption(plan, step), "Rollback plan", out ShouldProcessReason reason))
                {
                    if (reason == ShouldProcessReason.WhatIf)
                    {
                        whatIf = true;
                        continue;
                    }

                    break;
                }

                approved++;
                if (!Parallel)
                {
                    break;
                }
            }

            return whatIf ? 0 : approved;
        }

        private bool Confirm(DatabaseTarget target, RollbackPlan plan, RollbackStep step) => ShouldProcess(Describe(target, step), Caption(plan, step), "Rollback plan");

        private static string Caption(RollbackPlan plan, RollbackStep step) => $"Step {step.Order} of the {plan.Branch} plan: {step.Description}";

        private static string Describe(DatabaseTarget target, RollbackStep step) => $"{target.Url}: {step.Description}{System.Environment.NewLine}{step.Command}";

        /// <summary>A plan read back from JSON has only the URL without password: -Database or -Credential supply the rest.</summary>
        private DatabaseTarget TargetOf(RollbackPlan plan) =>
            Database != null ? ResolveDatabase()
            : plan.Target == null ? ResolveTarget(DatabaseTarget.Parse(plan.DatabaseUrl), Provider, Credential, ConnectTimeout)
            : ConnectTimeout.HasValue ? plan.Target.WithConnectTimeout(ConnectTimeout.Value)
            : plan.Target;

        private RollbackPlanRunner Runner(PipelineDispatcher dispatcher) =>
            new RollbackPlanRunner(dispatcher, (step, token) => RunApplicationRollback(dispatcher, step, token));

        /// <summary>The operator's script runs on the pipeline thread, the only one PowerShell runs script blocks on.</summary>
        private static Task<string?> RunApplicationRollback(PipelineDispatcher dispatcher, RollbackStep step, CancellationToken token)
        {
            var outcome = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            CancellationTokenRegistration stop = token.Register(() => outcome.TrySetCanceled(token));
            dispatcher.Post(() =>
            {
                try
                {
                    ScriptBlock.Create(step.Command).Invoke();
                    outcome.TrySetResult(null);
                }
                catch (RuntimeException ex) when (ex is not PipelineStoppedException)
                {
                    outcome.TrySetResult(ex.Message);
                }
                catch (Exception ex)
                {
                    outcome.TrySetException(ex);
                    throw;
                }
            });
            return outcome.Task.ContinueWith(t => { stop.Dispose(); return t; }, TaskScheduler.Default).Unwrap();
        }
    }
}
