using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Runbooks;

namespace RollbackTools
{
    /// <summary>The engine behind Test-MigrationReadiness and New-MigrationIncidentReport.</summary>
    public sealed class RunbookService
    {
        private readonly IEngineLog log;

        public RunbookService(IEngineLog log)
        {
            this.log = log;
        }

        public Task<IReadOnlyList<ChecklistItem>> CheckReadinessAsync(DatabaseTarget target, MigrationFolder path, ReadinessOptions options, CancellationToken cancellationToken) =>
            new ReadinessChecker(log).CheckAsync(target, path, options, cancellationToken);

        /// <summary>Chooses the branch of the decision tree from the evidence and lays out its steps; changes nothing.</summary>
        public async Task<RollbackPlan> PlanRollbackAsync(DatabaseTarget target, string? journalTable, IReadOnlyList<MigrationResult> run, string? symptom, string? applicationRollback, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            RollbackPlan plan = await RollbackPlanner.PlanAsync(session, journalTable, run, symptom, applicationRollback, cancellationToken).ConfigureAwait(false);
            plan.Target = target;
            return plan;
        }

        /// <summary>Carries out one database step of a plan, and writes it to the history. The SQL is made again from the step's data.</summary>
        public async Task RunRollbackStepAsync(DatabaseTarget target, RollbackPlan plan, RollbackStep step, CancellationToken cancellationToken)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string? error = null;
            try
            {
                await RunStepAsync(target, plan, step, cancellationToken).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex)
            {
                error = ex.Message;
                throw;
            }
            finally
            {
                await RecordStepAsync(target, plan, step, error, clock.Elapsed).ConfigureAwait(false);
            }
        }

        /// <summary>Writes a step carried out outside the engine (the application rollback) to the history.</summary>
        public Task RecordStepAsync(DatabaseTarget target, RollbackPlan plan, RollbackStep step, string? error, TimeSpan duration) =>
            RecordAsync(target, plan, step, error, duration);

        private async Task RunStepAsync(DatabaseTarget target, RollbackPlan plan, RollbackStep step, CancellationToken cancellationToken)
        {
            switch (step.Kind)
            {
                case RollbackStepKind.UndoMigration:
                case RollbackStepKind.ForceUndoMigration:
                    var migrator = new Migrator(log);
                    var options = new MigrationRunOptions { JournalTable = plan.JournalTable };
                    MigrationPlan down = await migrator.PlanDownAsync(target, null, new DownSelection { Versions = new[] { step.Version! }, Force = step.Kind == RollbackStepKind.ForceUndoMigration }, options, cancellationToken).ConfigureAwait(false);
                    MigrationResult result = (await migrator.RunAsync(down, down.Steps.Count, null, cancellationToken).ConfigureAwait(false)).Single();
                    if (result.Status == MigrationStatus.Failed)
                    {
                        throw new RollbackToolsException(ErrorIds.MigrationFailed, FailureCategory.InvalidOperation, $"Undoing {result.TypedVersion} failed: {result.Error}", step);
                    }

                    break;
                case RollbackStepKind.RestoreBackup:
                    var backups = new BackupService(log);
                    MigrationBackup backup = (await backups.GetAsync(target, cancellationToken).ConfigureAwait(false)).FirstOrDefault(b => b.Id == step.BackupId)
                        ?? throw new RollbackToolsException(ErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, $"Backup {step.BackupId} is no longer in the catalog.", step);
                    RestorePlan restore = await backups.PlanRestoreAsync(backup, RestoreMode.Replace, null, null, cancellationToken).ConfigureAwait(false);
                    await backups.RestoreAsync(restore, cancellationToken).ConfigureAwait(false);
                    break;
                case RollbackStepKind.DropIndex:
                    await using (DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false))
                    {
                        await session.ExecuteAsync(session.Dialect.DropIndexSql(null, step.Table!, step.Index!), cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case RollbackStepKind.RecoverFromRestorePoint when step.RecoverFrom != null:
                    // A SQLite restore point is a database file: the table comes back from it as from a recovered copy.
                    var fromPoint = new BackupService(log);
                    MigrationBackup copied = await fromPoint.ImportTableAsync(DatabaseTarget.Parse("sqlite:" + step.RecoverFrom), target, step.Table!, TableBackupOptions.DefaultRetention, cancellationToken).ConfigureAwait(false);
                    await fromPoint.RestoreAsync(await fromPoint.PlanRestoreAsync(copied, RestoreMode.Replace, null, null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    break;
                case RollbackStepKind.RecoverFromRestorePoint:
                    throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"Bringing {step.Table} back from restore point {step.RestorePoint} needs a recovered copy, built from a base backup and the WAL archive this plan does not know: run {step.Command}", step);
                default:
                    throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"A '{step.Kind}' step is not carried out by the engine.", step);
            }
        }

        private async Task RecordAsync(DatabaseTarget target, RollbackPlan plan, RollbackStep step, string? error, TimeSpan duration)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, CancellationToken.None).ConfigureAwait(false);
            await Engine.Migrations.HistoryWriter.WriteAsync(
                session,
                plan.JournalTable,
                by => MigrationHistoryEntry.Now(step.Version == null ? MigrationHistoryEntry.NoMigration : MigrationVersion.Parse(step.Version), $"{plan.Branch} step {step.Order}: {step.Kind}", HistoryAction.RollbackPlan, error == null ? HistoryStatus.Succeeded : HistoryStatus.Failed, by) with
                {
                    Duration = duration,
                    Error = error ?? step.Command,
                },
                Engine.Migrations.HistoryPolicy.Required,
                CancellationToken.None).ConfigureAwait(false);
        }

        /// <summary>The incident report as Markdown, or JSON with <paramref name="json"/>.</summary>
        public async Task<string> IncidentReportAsync(DatabaseTarget target, string? journalTable, DateTimeOffset since, DateTimeOffset until, bool json, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await IncidentReport.WriteAsync(session, journalTable, since, until, json, cancellationToken).ConfigureAwait(false);
        }
    }
}
