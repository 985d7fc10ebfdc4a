using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Adoption;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Dialects;
using RollbackTools.Engine.Migrations;

namespace RollbackTools
{
    /// <summary>
    /// The migrations engine behind Get-Migration, Invoke-Migration, Undo-Migration, Get-MigrationHistory
    /// and Set-MigrationState. Runs are planned first (nothing changes, not even the journal table) and then
    /// carried out for the steps the caller approved, under the run lock.
    /// </summary>
    public sealed class Migrator
    {
        private readonly IEngineLog log;

        public Migrator(IEngineLog log)
        {
            this.log = log;
        }

        /// <summary>Every migration in the folder and the journal with its state; the journal alone when <paramref name="path"/> is null.</summary>
        public async Task<IReadOnlyList<MigrationInfo>> GetStatusAsync(DatabaseTarget target, MigrationFolder? path, string? journalTable, CancellationToken cancellationToken)
        {
            IReadOnlyList<MigrationScript>? scripts = path == null ? null : MigrationDiscovery.Discover(path, target.Provider);
            (IReadOnlyList<JournalEntry> entries, _) = await ReadSettledJournalAsync(target, journalTable, null, cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0 && await OtherToolAsync(target, path, cancellationToken).ConfigureAwait(false) is { } found)
            {
                log.Warning(OtherToolDetector.Describe(found, target, path));
            }

            IReadOnlyList<MigrationInfo> infos = MigrationPlanner.Describe(scripts, entries, target, MigrationJournal.NameOf(journalTable));
            foreach (MigrationInfo info in infos)
            {
                info.MigrationsPath = path?.Path;
            }

            return infos;
        }

        /// <summary>Another tool's history in a database with no journal of ours; null when there is none.</summary>
        private async Task<(OtherTool Tool, HistoryTable Table, string Newest)?> OtherToolAsync(DatabaseTarget target, MigrationFolder? folder, CancellationToken cancellationToken)
        {
            if (target.IsAbsent)
            {
                return null;
            }

            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await OtherToolDetector.DetectAsync(session, folder, log, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>What -Baseline would record, refused on a journal with rows unless <paramref name="force"/>.</summary>
        public Task<BaselinePlan> PlanBaselineAsync(DatabaseTarget target, MigrationFolder folder, string upTo, bool force, string? journalTable, CancellationToken cancellationToken) =>
            new Baseline(log).PlanAsync(target, folder, upTo, force, journalTable, cancellationToken);

        public Task<(IReadOnlyList<MigrationResult> Results, MigrationHistoryEntry History)> RecordBaselineAsync(BaselinePlan plan, bool force, MigrationRunOptions options, CancellationToken cancellationToken) =>
            new Baseline(log).RecordAsync(plan, force, options, cancellationToken);

        /// <summary>The versions and names in a folder, oldest first, for tab completion; empty when the folder cannot be read.</summary>
        public static IReadOnlyList<(string Version, string Name)> ListFolder(MigrationFolder path)
        {
            try
            {
                return MigrationDiscovery.Discover(path).Select(s => (s.Version.Text, s.Name)).ToList();
            }
            catch (RollbackToolsException)
            {
                return Array.Empty<(string, string)>();
            }
        }

        public async Task<MigrationPlan> PlanUpAsync(DatabaseTarget target, MigrationFolder path, UpSelection selection, MigrationRunOptions options, CancellationToken cancellationToken)
        {
            IReadOnlyList<MigrationScript> scripts = MigrationDiscovery.Discover(path, target.Provider);
            (IReadOnlyList<JournalEntry> entries, bool runInProgress) = await ReadSettledJournalAsync(target, options.JournalTable, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0 && await OtherToolAsync(target, path, cancellationToken).ConfigureAwait(false) is { } found)
            {
                throw new RollbackToolsException(ErrorIds.OtherToolHistory, FailureCategory.InvalidOperation, OtherToolDetector.Describe(found, target, path) + " Nothing was applied.", target);
            }

            IReadOnlyList<MigrationScript> pending = MigrationPlanner.SelectPending(scripts, entries, selection, options, target, log, runInProgress);

            ISqlDialect dialect = target.Driver.Dialect;
            if (options.SingleTransaction)
            {
                EnsureSingleTransactionPossible(dialect, target, pending);
            }

            var steps = pending
                .Select(s => new MigrationStep(s.Version, s.Name, MigrationDirection.Up, s.UpSql, SplitForPlan(dialect, s.UpSql, s.UpPath, s.UpLineOffset, s.Version), dialect.SupportsTransactionalDdl && s.UpInTransaction, s.UpPath, s.UpLineOffset) { Script = s })
                .ToList();
            return new MigrationPlan(target, MigrationJournal.NameOf(options.JournalTable), MigrationDirection.Up, steps, options, force: false);
        }

        public async Task<MigrationPlan> PlanDownAsync(DatabaseTarget target, MigrationFolder? path, DownSelection selection, MigrationRunOptions options, CancellationToken cancellationToken)
        {
            if (selection.FromFiles && path == null)
            {
                throw new RollbackToolsException(ErrorIds.MigrationPathNotFound, FailureCategory.InvalidArgument, "-FromFiles needs -Path: the folder to read the down scripts from.");
            }

            Dictionary<MigrationVersion, MigrationScript> files = path == null
                ? new Dictionary<MigrationVersion, MigrationScript>()
                : MigrationDiscovery.Discover(path, target.Provider).ToDictionary(s => s.Version);
            (IReadOnlyList<JournalEntry> entries, bool runInProgress) = await ReadSettledJournalAsync(target, options.JournalTable, options.LockWait, cancellationToken).ConfigureAwait(false);
            if (runInProgress)
            {
                throw new RollbackToolsException(
                    ErrorIds.MigrationLocked,
                    FailureCategory.ResourceBusy,
                    $"Another runner is still applying migrations on {target.Url}; gave up waiting after {options.LockWait.TotalSeconds:0.#} s. Nothing was undone. Wait longer with -LockWait, or see what runs with Get-MigrationQuery.",
                    target);
            }

            IReadOnlyList<JournalEntry> chosen = MigrationPlanner.SelectApplied(entries, selection, target, path == null ? null : files.Keys);
            ISqlDialect dialect = target.Driver.Dialect;

            var steps = new List<MigrationStep>();
            foreach (JournalEntry entry in chosen)
            {
                files.TryGetValue(entry.Version, out MigrationScript? file);
                bool useFile = selection.FromFiles && file?.DownSql != null;
                string? sql = useFile ? file!.DownSql : entry.DownScript;
                if (sql == null)
                {
                    throw new RollbackToolsException(
                        ErrorIds.MissingDownScript,
                        FailureCategory.InvalidData,
                        $"Migration {entry.Version} ({entry.Name}) was applied without a down script and {(file?.DownSql == null ? "the folder has none either" : "-FromFiles was not given")}; it cannot be undone here.",
                        entry.Version.Text);
                }

                bool inTransaction = dialect.SupportsTransactionalDdl && (useFile ? file!.DownInTransaction : entry.DownInTransaction);
                string? downPath = useFile ? file!.DownPath : null;
                int downOffset = useFile ? file!.DownLineOffset : 0;
                steps.Add(new MigrationStep(entry.Version, entry.Name, MigrationDirection.Down, sql, SplitForPlan(dialect, sql, downPath, downOffset, entry.Version), inTransaction, downPath, downOffset));
            }

            return new MigrationPlan(target, MigrationJournal.NameOf(options.JournalTable), MigrationDirection.Down, steps, options, selection.Force);
        }

        /// <summary>
        /// The SQL a run of <paramref name="plan"/> would send, with its transaction boundaries and journal writes,
        /// for review (-ScriptPath). Only reads the database: the journal's rows and who is connecting.
        /// </summary>
        public async Task<string> ScriptAsync(MigrationPlan plan, CancellationToken cancellationToken)
        {
            IReadOnlyList<JournalEntry> rows = Array.Empty<JournalEntry>();
            bool journalExists = false;
            string performedBy = $"{Environment.UserName}@{Environment.MachineName}";
            if (!plan.Database.IsAbsent)
            {
                await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(plan.Database, log, cancellationToken).ConfigureAwait(false);
                var journal = new MigrationJournal(session, plan.JournalTable);
                journalExists = await journal.ExistsAsync(cancellationToken).ConfigureAwait(false);
                rows = journalExists ? await journal.ReadAsync(cancellationToken).ConfigureAwait(false) : rows;
                performedBy = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
            }

            return new SqlPlanScript(plan, rows, journalExists, performedBy).Render();
        }

        /// <summary>
        /// Carries out the first <paramref name="approvedSteps"/> steps of a plan. Stops at the first failure;
        /// the steps after it come back Skipped. Refusals and lock timeouts throw before anything runs.
        /// </summary>
        public async Task<IReadOnlyList<MigrationResult>> RunAsync(MigrationPlan plan, int approvedSteps, IMigrationObserver? observer, CancellationToken cancellationToken)
        {
            List<MigrationStep> steps = plan.Steps.Take(approvedSteps).ToList();
            var results = new List<MigrationResult>();
            if (steps.Count == 0)
            {
                return results;
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(plan.Database, log, cancellationToken).ConfigureAwait(false);
            await using MigrationRunLock runLock = await MigrationRunLock.AcquireAsync(session, plan.JournalTable, plan.Options.LockWait, log, cancellationToken).ConfigureAwait(false);
            var journal = new MigrationJournal(session, plan.JournalTable);
            await journal.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            if (!plan.Force)
            {
                MigrationPlanner.EnsureNotDirty(await journal.ReadAsync(cancellationToken).ConfigureAwait(false), plan.Database);
            }

            foreach (string sql in session.Dialect.SessionTimeoutSql(plan.Options.LockTimeout, plan.Options.StatementTimeout))
            {
                await session.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
            }

            var executor = new MigrationExecutor(session, journal, plan, await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false), log);
            if (plan.Direction == MigrationDirection.Up && plan.Options.SingleTransaction)
            {
                return await RunInOneTransactionAsync(session, executor, plan, steps, observer, cancellationToken).ConfigureAwait(false);
            }

            for (int i = 0; i < steps.Count; i++)
            {
                observer?.Starting(steps[i], i, steps.Count);
                MigrationResult result = await RunStepAsync(executor, plan, steps[i], cancellationToken).ConfigureAwait(false);
                Report(results, result, observer);
                if (result.Status == MigrationStatus.Failed)
                {
                    foreach (MigrationStep notRun in steps.Skip(i + 1))
                    {
                        Report(results, Skipped(plan, notRun, $"Not run: migration {result.TypedVersion} failed before it."), observer);
                    }

                    break;
                }
            }

            return results;
        }

        public async Task<IReadOnlyList<MigrationHistoryEntry>> GetHistoryAsync(DatabaseTarget target, string? journalTable, DateTimeOffset? since, CancellationToken cancellationToken)
        {
            if (target.IsAbsent)
            {
                return Array.Empty<MigrationHistoryEntry>();
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            var journal = new MigrationJournal(session, journalTable);
            IReadOnlyList<MigrationHistoryEntry> rows = await journal.ReadHistoryAsync(since, cancellationToken).ConfigureAwait(false);
            return rows.Select(r => r with { Target = target }).ToList();
        }

        /// <summary>
        /// Records a manual fix, as golang-migrate's force does: Applied keeps the row (written from the folder
        /// when the journal has none), Pending forgets it. Nothing but the journal changes.
        /// </summary>
        public async Task<MigrationHistoryEntry> SetStateAsync(DatabaseTarget target, MigrationFolder? path, string version, MigrationState state, MigrationRunOptions options, CancellationToken cancellationToken)
        {
            if (state != MigrationState.Applied && state != MigrationState.Pending)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"A migration can be set Applied or Pending, not {state}.", state.ToString());
            }

            MigrationVersion wanted = MigrationPlanner.ParseVersion(version);
            MigrationScript? file = path == null ? null : MigrationDiscovery.Discover(path, target.Provider).FirstOrDefault(s => s.Version.Equals(wanted));
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            var journal = new MigrationJournal(session, options.JournalTable);
            await using MigrationRunLock runLock = await MigrationRunLock.AcquireAsync(session, journal.TableName, options.LockWait, log, cancellationToken).ConfigureAwait(false);
            await journal.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            JournalEntry? entry = await journal.FindAsync(wanted, cancellationToken).ConfigureAwait(false);
            string performedBy = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
            string name = file?.Name ?? entry?.Name ?? throw new RollbackToolsException(
                ErrorIds.MigrationNotFound,
                FailureCategory.ObjectNotFound,
                $"Migration {wanted} is neither in the journal of {target.Url} nor {(path == null ? "given by -Path" : "in " + path)}.",
                version);

            string? previous = entry?.State;
            if (state == MigrationState.Pending)
            {
                await journal.RemoveAsync(wanted, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                JournalEntry applied = file != null
                    ? new JournalEntry(wanted, file.Name, file.Checksum, file.DownSql ?? entry?.DownScript, file.DownInTransaction, MigrationPlanner.StateApplied, entry?.StatementsDone ?? 0, entry?.AppliedAt ?? DateTimeOffset.UtcNow, performedBy, entry?.Duration ?? TimeSpan.Zero, null) { UpScript = file.UpSql }
                    : entry! with { State = MigrationPlanner.StateApplied, Error = null };
                await journal.RecordAsync(applied, cancellationToken).ConfigureAwait(false);
            }

            var history = MigrationHistoryEntry.Now(wanted, name, HistoryAction.SetState, state == MigrationState.Applied ? HistoryStatus.Applied : HistoryStatus.Pending, performedBy) with
            {
                StatementsDone = entry?.StatementsDone ?? 0,
                Checksum = file?.Checksum ?? entry?.Checksum,
                Error = $"Set {state} by hand (was {previous ?? "not in the journal"}).",
            };
            await journal.AppendHistoryAsync(history, cancellationToken).ConfigureAwait(false);
            return history with { Target = target };
        }

        /// <summary>
        /// One step; a transactional step that timed out waiting for a lock was rolled back whole, so it is
        /// tried again from the start after a growing pause, up to -RetryCount times (GitLab's lock retries).
        /// </summary>
        private async Task<MigrationResult> RunStepAsync(MigrationExecutor executor, MigrationPlan plan, MigrationStep step, CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                MigrationResult result = plan.Direction == MigrationDirection.Up
                    ? await executor.UpAsync(step, inRunTransaction: false, cancellationToken).ConfigureAwait(false)
                    : await executor.DownAsync(step, plan.Force, cancellationToken).ConfigureAwait(false);
                if (result.Reason != FailureReason.LockTimeout || !step.InTransaction || attempt > plan.Options.RetryCount)
                {
                    result.Retries += attempt - 1;
                    return result;
                }

                TimeSpan pause = MigrationExecutor.BackOff(attempt);
                log.Warning($"Migration {step.Version} timed out waiting for a lock and was rolled back; retry {attempt} of {plan.Options.RetryCount} in {pause.TotalSeconds:0} s.");
                await Cancellation.PauseAsync(pause, plan.Database, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<IReadOnlyList<MigrationResult>> RunInOneTransactionAsync(DatabaseSession session, MigrationExecutor executor, MigrationPlan plan, List<MigrationStep> steps, IMigrationObserver? observer, CancellationToken cancellationToken)
        {
            // Results wait for COMMIT: until then, nothing this run did is true yet.
            var results = new List<MigrationResult>();
            await using (DatabaseTransaction transaction = await DatabaseTransaction.BeginAsync(session, plan.Options.LockWait, cancellationToken).ConfigureAwait(false))
            {
                for (int i = 0; i < steps.Count; i++)
                {
                    observer?.Starting(steps[i], i, steps.Count);
                    MigrationResult result = await executor.UpAsync(steps[i], inRunTransaction: true, cancellationToken).ConfigureAwait(false);
                    results.Add(result);
                    if (result.Status != MigrationStatus.Failed)
                    {
                        continue;
                    }

                    await transaction.RollbackAsync().ConfigureAwait(false);
                    await executor.RecordFailedAsync(steps[i], result).ConfigureAwait(false);
                    foreach (MigrationResult undone in results.Where(r => r.Status == MigrationStatus.Succeeded))
                    {
                        undone.Status = MigrationStatus.RolledBack;
                        undone.Error = $"Rolled back with migration {result.TypedVersion}, which failed in the same transaction.";
                    }

                    results.AddRange(steps.Skip(i + 1).Select(s => Skipped(plan, s, $"Not run: migration {result.TypedVersion} failed before it.")));
                    results.ForEach(r => observer?.Completed(r));
                    return results;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            results.ForEach(r => observer?.Completed(r));
            return results;
        }

        /// <summary>Splits a step's script as its database will parse it, refusing at planning what could not run right.</summary>
        private static IReadOnlyList<SqlStatement> SplitForPlan(ISqlDialect dialect, string sql, string? path, int lineOffset, MigrationVersion version)
        {
            try
            {
                return SqlStatementSplitter.Split(sql, dialect.SplitterOptions, lineOffset);
            }
            catch (RollbackToolsException ex) when (ex.ErrorId == ErrorIds.InvalidMigrationScript)
            {
                string where = path != null ? $"'{System.IO.Path.GetFileName(path)}'" : $"The down script stored for migration {version}";
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"{where}: {ex.Message} Nothing was run.", (object?)path ?? version.Text, ex);
            }
        }

        private static void EnsureSingleTransactionPossible(ISqlDialect dialect, DatabaseTarget target, IReadOnlyList<MigrationScript> pending)
        {
            if (!dialect.SupportsTransactionalDdl)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"{dialect.DisplayName} commits every DDL statement on its own, so -SingleTransaction cannot hold a run together there.", target);
            }

            string[] outside = pending.Where(s => !s.UpInTransaction).Select(s => s.Version.Text).ToArray();
            if (outside.Length > 0)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"-SingleTransaction cannot include migrations that must run outside a transaction: {string.Join(", ", outside)}.", outside[0]);
            }
        }

        /// <summary>
        /// The journal as planning may trust it. On MySQL/MariaDB a migration is Dirty from its first statement
        /// to its last, so a Dirty row seen while another runner holds the run lock is work in progress, not a
        /// failure. Holding the lock for a moment (or up to <paramref name="waitForRunner"/>) and reading again
        /// settles it; when the lock stays taken, the Dirty rows are reported as a run in progress. Without
        /// <paramref name="waitForRunner"/> the rows are taken as read (a listing, not a plan). Nothing is
        /// created: planning must leave the database as it was (-WhatIf).
        /// </summary>
        private async Task<(IReadOnlyList<JournalEntry> Entries, bool RunInProgress)> ReadSettledJournalAsync(DatabaseTarget target, string? journalTable, TimeSpan? waitForRunner, CancellationToken cancellationToken)
        {
            if (target.IsAbsent)
            {
                return (Array.Empty<JournalEntry>(), false);
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            var journal = new MigrationJournal(session, journalTable);
            IReadOnlyList<JournalEntry> entries = await journal.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (waitForRunner == null || !entries.Any(e => e.State == MigrationPlanner.StateDirty))
            {
                return (entries, false);
            }

            await using MigrationRunLock? probe = await MigrationRunLock.TryAcquireAsync(session, MigrationJournal.NameOf(journalTable), waitForRunner.Value, log, cancellationToken).ConfigureAwait(false);
            return probe == null
                ? (entries, true)
                : (await journal.ReadAsync(cancellationToken).ConfigureAwait(false), false);
        }

        private static void Report(List<MigrationResult> results, MigrationResult result, IMigrationObserver? observer)
        {
            results.Add(result);
            observer?.Completed(result);
        }

        private static MigrationResult Skipped(MigrationPlan plan, MigrationStep step, string reason) =>
            new MigrationResult(step.Version, step.Name, step.Direction, MigrationStatus.Skipped, plan.Database, plan.JournalTable) { Error = reason, Path = step.Path };
    }
}
