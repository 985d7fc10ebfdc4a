using System;
using System.Diagnostics;
using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>Carries out a rollback plan step by step, asking before each, stopping at the first failure.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RollbackPlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RollbackStepResult))]
    public sealed class InvokeRollbackPlanCommand : DatabaseCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public RollbackPlan? Plan { get; set; }

        protected override void ProcessRecord()
        {
            RollbackPlan plan = Plan!;
            DatabaseTarget target;
            try
            {
                // A plan read back from JSON has only the URL without password: -Database or -Credential supply the rest.
                target = Database != null ? ResolveDatabase() : plan.Database == null ? ResolveTarget(DatabaseTarget.Parse(plan.DatabaseUrl), Provider, Credential, ConnectTimeout) : ConnectTimeout.HasValue ? plan.Database.WithConnectTimeout(ConnectTimeout.Value) : plan.Database;
            }
            catch (RollbackToolsException ex)
            {
                WriteEngineError(ex);
                return;
            }

            bool stopped = false;
            foreach (RollbackStep step in plan.Steps)
            {
                var result = new RollbackStepResult(step);
                if (stopped || !ShouldProcess($"{target.Url}: {step.Description}{Environment.NewLine}{step.Command}", $"Step {step.Order} of the {plan.Branch} plan: {step.Description}", "Rollback plan"))
                {
                    WriteObject(result);
                    stopped = true;
                    continue;
                }

                var clock = Stopwatch.StartNew();
                try
                {
                    if (step.Kind == RollbackStepKind.ApplicationRollback)
                    {
                        string? error = null;
                        try
                        {
                            ScriptBlock.Create(step.Command).Invoke();
                        }
                        catch (RuntimeException ex)
                        {
                            error = ex.Message;
                        }

                        RunEngine(async (log, token) =>
                        {
                            await new RunbookService(log).RecordStepAsync(target, plan, step, error, clock.Elapsed).ConfigureAwait(false);
                            return true;
                        });
                        if (error != null)
                        {
                            throw new RollbackToolsException(ErrorIds.RollbackStepFailed, FailureCategory.InvalidOperation, $"The application rollback failed: {error}", step);
                        }
                    }
                    else
                    {
                        RunEngine(async (log, token) =>
                        {
                            await new RunbookService(log).RunRollbackStepAsync(target, plan, step, token).ConfigureAwait(false);
                            return true;
                        });
                    }

                    result.Status = MigrationStatus.Succeeded;
                }
                catch (RollbackToolsException ex)
                {
                    result.Status = MigrationStatus.Failed;
                    result.Error = ex.Message;
                    stopped = true;
                    WriteEngineError(new RollbackToolsException(ErrorIds.RollbackStepFailed, FailureCategory.InvalidOperation, $"Step {step.Order} ({step.Kind}) failed: {ex.Message}", result, ex));
                }

                result.Duration = clock.Elapsed;
                WriteObject(result);
            }
        }
    }
}
