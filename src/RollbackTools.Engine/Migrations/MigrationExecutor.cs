using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// Runs one migration up or down and keeps the journal truthful whatever happens. In a transaction
    /// (PostgreSQL, SQLite) the journal row commits with the change or not at all. Without one (MySQL,
    /// MariaDB, no-transaction scripts) the row is written Dirty first and counts each completed statement,
    /// so a crash or a failure leaves exactly how far it got.
    /// </summary>
    internal sealed class MigrationExecutor
    {
        private readonly DatabaseSession session;
        private readonly MigrationJournal journal;
        private readonly MigrationPlan plan;
        private readonly string performedBy;
        private readonly IEngineLog log;
        private List<DeprecatedObject>? deprecated;

        public MigrationExecutor(DatabaseSession session, MigrationJournal journal, MigrationPlan plan, string performedBy, IEngineLog log)
        {
            this.session = session;
            this.journal = journal;
            this.plan = plan;
            this.performedBy = performedBy;
            this.log = log;
        }

        /// <summary>
        /// Applies one migration. With <paramref name="inRunTransaction"/> (-SingleTransaction) the caller
        /// owns the transaction and records a failure after rolling it back.
        /// </summary>
        public async Task<MigrationResult> UpAsync(MigrationStep step, bool inRunTransaction, CancellationToken cancellationToken)
        {
            MigrationScript script = step.Script!;
            MigrationResult result = NewResult(step);
            IReadOnlyList<SqlStatement> statements = step.Statements;
            result.StatementCount = statements.Count;
            bool ownTransaction = step.InTransaction && !inRunTransaction;
            var clock = Stopwatch.StartNew();

            await using DatabaseTransaction transaction = await BeginAsync(ownTransaction, cancellationToken).ConfigureAwait(false);
            try
            {
                // Checked again here, under the run lock or SQLite's write lock: another runner may have applied it since the plan was made.
                JournalEntry? existing = await journal.FindAsync(step.Version, cancellationToken).ConfigureAwait(false);
                if (existing?.State == MigrationPlanner.StateApplied && (!step.Version.IsRepeatable || existing.Checksum == script.Checksum))
                {
                    await transaction.RollbackAsync().ConfigureAwait(false);

                    result.Status = MigrationStatus.Skipped;
                    result.Error = $"Already applied by {existing.AppliedBy} at {existing.AppliedAt:u}.";
                    log.Verbose($"Migration {step.Version}: {result.Error}");
                    return result;
                }

                // Most versions have no row yet; a Failed one from an earlier attempt is replaced.
                Func<JournalEntry, Task> firstWrite = entry => existing == null ? journal.InsertAsync(entry, cancellationToken) : journal.RecordAsync(entry, cancellationToken);
                if (plan.Options.VerifySchema)
                {
                    await journal.SaveSnapshotAsync(step.Version, await Schema.SchemaReading.SnapshotAsync(session, journal.TableName, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }

                if (!step.InTransaction)
                {
                    await firstWrite(Entry(script, MigrationPlanner.StateDirty, 0, TimeSpan.Zero, null)).ConfigureAwait(false);
                    firstWrite = entry => journal.RecordAsync(entry, cancellationToken);
                }

                Func<int, Task>? countDone = step.InTransaction ? null : async done =>
                {
                    result.StatementsDone = done;
                    using var limit = new CancellationTokenSource(Cancellation.OutcomeWriteLimit);
                    await journal.UpdateProgressAsync(step.Version, done, limit.Token).ConfigureAwait(false);
                };

                // Outside a transaction the statements before stay done, so only the one that timed out is tried again.
                Func<int, StatementFailure, Task<bool>>? retry = step.InTransaction ? null : (attempt, failed) => RetryStatementAsync(step, result, attempt, failed, cancellationToken);
                StatementFailure? failure = await StatementRunner.RunAsync(session, statements, step.LineOffset, countDone, cancellationToken, retry).ConfigureAwait(false);
                string? verifyError = failure == null ? await SoftDropAsync(step, script, cancellationToken).ConfigureAwait(false) : null;
                verifyError ??= failure == null && script.VerifySql != null
                    ? await StatementRunner.VerifyAsync(session, script.VerifySql, script.VerifyNeedsRow, cancellationToken).ConfigureAwait(false)
                    : null;

                result.Duration = clock.Elapsed;
                if (failure == null && verifyError == null)
                {
                    result.StatementsDone = statements.Count;
                    JournalEntry applied = Entry(script, MigrationPlanner.StateApplied, statements.Count, result.Duration, null);
                    var journalWrites = new List<BatchedCommand>(2);
                    if (existing == null && step.InTransaction)
                    {
                        journalWrites.Add(journal.InsertCommand(applied));
                    }
                    else
                    {
                        await firstWrite(applied).ConfigureAwait(false);
                    }

                    // The journal row, the history row and the commit travel together: one round trip, all or nothing.
                    journalWrites.Add(journal.HistoryCommand(History(step, HistoryAction.Up, HistoryStatus.Succeeded, result.Duration, statements.Count, null)));
                    ThrowIfFailed(await transaction.CommitWithAsync(journalWrites, cancellationToken).ConfigureAwait(false));

                    result.Status = MigrationStatus.Succeeded;
                    return result;
                }

                Describe(result, failure, verifyError);
                result.Status = MigrationStatus.Failed;
                if (step.InTransaction)
                {
                    if (ownTransaction)
                    {
                        await transaction.RollbackAsync().ConfigureAwait(false);
                        await RecordFailedAsync(step, result).ConfigureAwait(false);
                    }

                    return result;
                }

                await RecordDirtyUpAsync(step, result).ConfigureAwait(false);
                return result;
            }
            catch (RollbackToolsException ex) when (ownTransaction)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                if (ex.ErrorId == ErrorIds.OperationCancelled)
                {
                    result.Duration = clock.Elapsed;
                    result.Error = "Cancelled, and rolled back: " + ex.Message;
                    await RecordFailedAsync(step, result).ConfigureAwait(false);
                }

                throw;
            }
            catch (RollbackToolsException ex) when (!step.InTransaction && ex.ErrorId == ErrorIds.OperationCancelled)
            {
                // Cancelled outside a statement (the verify script, a soft-drop): the journal still says how far it got, and why it stopped.
                result.Duration = clock.Elapsed;
                result.Status = MigrationStatus.Failed;
                result.Reason = FailureReason.Cancelled;
                result.Error = $"Cancelled after {result.StatementsDone} of {statements.Count} statement(s): {ex.Message}";
                await RecordDirtyUpAsync(step, result).ConfigureAwait(false);
                throw;
            }
        }

        private Task RecordDirtyUpAsync(MigrationStep step, MigrationResult result) =>
            WriteJournalAsync(step, "its Dirty state and error", async (j, token) =>
            {
                await j.RecordAsync(Entry(step.Script!, MigrationPlanner.StateDirty, result.StatementsDone, result.Duration, result.Error), token).ConfigureAwait(false);
                await j.AppendHistoryAsync(History(step, HistoryAction.Up, HistoryStatus.Dirty, result.Duration, result.StatementsDone, result.Error, result), token).ConfigureAwait(false);
            });

        /// <summary>After a rolled-back attempt: the journal says Failed, with the error, and nothing else changed.</summary>
        public Task RecordFailedAsync(MigrationStep step, MigrationResult result) =>
            WriteJournalAsync(step, "its failure", async (j, token) =>
            {
                await j.RecordAsync(Entry(step.Script!, MigrationPlanner.StateFailed, 0, result.Duration, result.Error), token).ConfigureAwait(false);
                await j.AppendHistoryAsync(History(step, HistoryAction.Up, HistoryStatus.Failed, result.Duration, 0, result.Error, result), token).ConfigureAwait(false);
            });

        /// <summary>The up script's soft-drop directives, through the same code as Remove-MigrationTable; null or why it failed.</summary>
        private async Task<string?> SoftDropAsync(MigrationStep step, MigrationScript script, CancellationToken cancellationToken)
        {
            var deleter = new SoftDelete.SoftDeleter(session, log);
            foreach ((string table, string? column) in script.SoftDrops)
            {
                try
                {
                    await deleter.DeprecateAsync(null, table, column, SoftDeleteService.DefaultRetention, force: false, step.Version.Text, cancellationToken).ConfigureAwait(false);
                }
                catch (RollbackToolsException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    return $"The soft-drop of {(column == null ? table : table + "." + column)} failed: {ex.Message}";
                }
            }

            return null;
        }

        /// <summary>
        /// Before a down script: what the migration soft-dropped gets its name back first. The catalog is read
        /// once per run, under the run lock, instead of twice per migration; what a step restored leaves that
        /// copy only once the step committed, so a step tried again after a rollback restores again.
        /// </summary>
        private async Task<IReadOnlyList<DeprecatedObject>> RestoreSoftDropsAsync(MigrationStep step, CancellationToken cancellationToken)
        {
            var deleter = new SoftDelete.SoftDeleter(session, log);
            deprecated ??= (await deleter.Catalog.ReadAsync(cancellationToken).ConfigureAwait(false)).ToList();
            List<DeprecatedObject> mine = deprecated.Where(item => item.MigrationVersion != null && MigrationVersion.Parse(item.MigrationVersion).Equals(step.Version)).ToList();
            foreach (DeprecatedObject item in mine)
            {
                await deleter.RestoreAsync(item, cancellationToken).ConfigureAwait(false);
            }

            return mine;
        }

        /// <summary>After a down: the schema must be the one kept when the migration was applied with -Verify.</summary>
        private async Task CompareWithBeforeAsync(MigrationStep step, MigrationResult result, CancellationToken cancellationToken)
        {
            SchemaSnapshot? before = await journal.ReadSnapshotAsync(step.Version, cancellationToken).ConfigureAwait(false);
            if (before == null)
            {
                log.Warning($"Migration {step.Version}: no schema snapshot was kept when it was applied (apply with -Verify), so the undo cannot be checked.");
                return;
            }

            SchemaSnapshot after = await Schema.SchemaReading.SnapshotAsync(session, journal.TableName, cancellationToken).ConfigureAwait(false);
            result.Differences = new ReadableList<SchemaDifference>(SchemaComparer.Compare(before, after));
            result.SchemaVerified = result.Differences.Count == 0;
            if (result.Differences.Count > 0)
            {
                log.Warning($"Migration {step.Version}: after the undo the schema differs from before the migration: {string.Join("; ", result.Differences)}");
            }
        }

        /// <summary>The pause before retry <paramref name="attempt"/> after a lock timeout: 1 s, 2 s, 4 s ... at most 30 s.</summary>
        public static TimeSpan BackOff(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt - 1)));

        private async Task<bool> RetryStatementAsync(MigrationStep step, MigrationResult result, int attempt, StatementFailure failed, CancellationToken cancellationToken)
        {
            if (failed.Error.ErrorId != ErrorIds.LockTimeout || attempt > plan.Options.RetryCount)
            {
                return false;
            }

            result.Retries++;
            string note = $"Statement {failed.Index + 1} (line {failed.FileLine}) timed out waiting for a lock; retry {attempt} of {plan.Options.RetryCount} in {BackOff(attempt).TotalSeconds:0} s.";
            log.Warning($"Migration {step.Version}: {note}");
            await journal.AppendHistoryAsync(History(step, step.Direction == MigrationDirection.Up ? HistoryAction.Up : HistoryAction.Down, HistoryStatus.Retry, TimeSpan.Zero, failed.Index, note), cancellationToken).ConfigureAwait(false);
            await Cancellation.PauseAsync(BackOff(attempt), session.Target, cancellationToken).ConfigureAwait(false);
            return true;
        }

        /// <summary>
        /// Writes an outcome after a failure or a cancel, within <see cref="Cancellation.OutcomeWriteLimit"/> and
        /// whatever the caller's token says. When the session itself was ended (Stop-MigrationQuery -Terminate,
        /// a restart), a fresh session writes it. What cannot be written is named in a warning, never hidden.
        /// </summary>
        private async Task WriteJournalAsync(MigrationStep step, string what, Func<MigrationJournal, CancellationToken, Task> write)
        {
            using var limit = new CancellationTokenSource(Cancellation.OutcomeWriteLimit);
            try
            {
                try
                {
                    await write(journal, limit.Token).ConfigureAwait(false);
                }
                catch (RollbackToolsException ex) when (!limit.IsCancellationRequested && (session.Connection.State != System.Data.ConnectionState.Open || ex.Category == FailureCategory.ConnectionError))
                {
                    log.Verbose("The migration's session was ended; recording its outcome through a new one.");
                    await using DatabaseSession fresh = await DatabaseSession.OpenAsync(session.Target, log, limit.Token).ConfigureAwait(false);
                    await write(new MigrationJournal(fresh, journal.TableName), limit.Token).ConfigureAwait(false);
                }
            }
            catch (RollbackToolsException ex)
            {
                log.Warning($"Migration {step.Version} ({step.Name}): {what} could not be recorded in {journal.TableName} within {Cancellation.OutcomeWriteLimit.TotalSeconds:0} s ({ex.Message}). Check it with Get-Migration before the next run.");
            }
        }

        /// <summary>
        /// Undoes one migration. With <paramref name="force"/> (recovering a Dirty one) each statement runs
        /// on its own and a failure, usually an object the half-applied up never created, becomes a warning.
        /// </summary>
        public async Task<MigrationResult> DownAsync(MigrationStep step, bool force, CancellationToken cancellationToken)
        {
            MigrationResult result = NewResult(step);
            IReadOnlyList<SqlStatement> statements = step.Statements;
            result.StatementCount = statements.Count;
            bool ownTransaction = step.InTransaction && !force;
            var clock = Stopwatch.StartNew();

            await using DatabaseTransaction transaction = await BeginAsync(ownTransaction, cancellationToken).ConfigureAwait(false);
            JournalEntry? existing = await journal.FindAsync(step.Version, cancellationToken).ConfigureAwait(false);
            if (existing == null || existing.State == MigrationPlanner.StateFailed)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);

                result.Status = MigrationStatus.Skipped;
                result.Error = "Not applied any more: another run undid it.";
                return result;
            }

            if (force)
            {
                // Checked again under the run lock: a Set-MigrationState since the plan may have cleaned it.
                MigrationPlanner.EnsureAllDirty(new[] { existing });
                return await ForceDownAsync(step, result, statements, clock, cancellationToken).ConfigureAwait(false);
            }

            Func<int, StatementFailure, Task<bool>>? retry = step.InTransaction ? null : (attempt, failed) => RetryStatementAsync(step, result, attempt, failed, cancellationToken);
            IReadOnlyList<DeprecatedObject> restored = await RestoreSoftDropsAsync(step, cancellationToken).ConfigureAwait(false);
            StatementFailure? failure = await StatementRunner.RunAsync(session, statements, step.LineOffset, null, cancellationToken, retry).ConfigureAwait(false);
            result.Duration = clock.Elapsed;
            if (failure == null)
            {
                result.StatementsDone = statements.Count;
                if (plan.Options.VerifySchema)
                {
                    await CompareWithBeforeAsync(step, result, cancellationToken).ConfigureAwait(false);
                }

                var journalWrites = new List<BatchedCommand>(2);
                if (LeavesJournal(step))
                {
                    journalWrites.Add(journal.RemoveCommand(step.Version));
                }
                else
                {
                    await PutEarlierTextBackAsync(step, existing, cancellationToken).ConfigureAwait(false);
                }

                journalWrites.Add(journal.HistoryCommand(History(step, HistoryAction.Down, HistoryStatus.Succeeded, result.Duration, statements.Count, null)));
                ThrowIfFailed(await transaction.CommitWithAsync(journalWrites, cancellationToken).ConfigureAwait(false));
                deprecated!.RemoveAll(restored.Contains);

                result.Status = MigrationStatus.Succeeded;
                return result;
            }

            Describe(result, failure, null);
            result.Status = MigrationStatus.Failed;
            if (ownTransaction)
            {
                // Rolled back: the migration is still fully applied, and the journal row still says so.
                await transaction.RollbackAsync().ConfigureAwait(false);
                await WriteJournalAsync(step, "the failed undo", (j, token) => j.AppendHistoryAsync(History(step, HistoryAction.Down, HistoryStatus.Failed, result.Duration, 0, result.Error, result), token)).ConfigureAwait(false);
                return result;
            }

            await WriteJournalAsync(step, "its Dirty state and error", async (j, token) =>
            {
                await j.RecordAsync(existing with { State = MigrationPlanner.StateDirty, StatementsDone = result.StatementsDone, Error = "Down: " + result.Error }, token).ConfigureAwait(false);
                await j.AppendHistoryAsync(History(step, HistoryAction.Down, HistoryStatus.Dirty, result.Duration, result.StatementsDone, result.Error, result), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return result;
        }

        /// <summary>
        /// After an undo the migration leaves the journal; a repeatable one that put its earlier text back stays,
        /// applied as that text, with nothing older kept to put back after it.
        /// </summary>
        private static bool LeavesJournal(MigrationStep step) => !step.Version.IsRepeatable || MigrationScript.IsEmptyScript(step.Sql);

        private Task PutEarlierTextBackAsync(MigrationStep step, JournalEntry existing, CancellationToken cancellationToken)
        {
            JournalEntry restored = existing with
            {
                Checksum = MigrationScript.Sha256(step.Sql),
                DownScript = string.Empty,
                AppliedAt = DateTimeOffset.UtcNow,
                AppliedBy = performedBy,
                UpScript = step.Sql,
            };
            return journal.RecordAsync(restored, cancellationToken);
        }

        private async Task<MigrationResult> ForceDownAsync(MigrationStep step, MigrationResult result, IReadOnlyList<SqlStatement> statements, Stopwatch clock, CancellationToken cancellationToken)
        {
            var warnings = new List<string>();
            for (int i = 0; i < statements.Count; i++)
            {
                StatementFailure? failure = await StatementRunner.RunAsync(session, new[] { statements[i] }, step.LineOffset, null, cancellationToken).ConfigureAwait(false);
                if (failure == null)
                {
                    result.StatementsDone++;
                    continue;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    throw failure.Error;
                }

                string warning = $"Migration {step.Version}: statement {i + 1} of {statements.Count} (line {failure.FileLine}) failed and was passed over: {failure.Error.Message}";
                warnings.Add(warning);
                log.Warning(warning);
            }

            result.Duration = clock.Elapsed;
            result.Warnings = warnings;
            result.Status = MigrationStatus.Succeeded;
            await journal.RemoveAsync(step.Version, cancellationToken).ConfigureAwait(false);
            string? summary = warnings.Count == 0 ? null : string.Join(Environment.NewLine, warnings);
            await journal.AppendHistoryAsync(History(step, HistoryAction.ForceDown, HistoryStatus.Succeeded, result.Duration, result.StatementsDone, summary), cancellationToken).ConfigureAwait(false);
            return result;
        }

        private async Task<DatabaseTransaction> BeginAsync(bool wanted, CancellationToken cancellationToken)
        {
            try
            {
                return await DatabaseTransaction.BeginIfAsync(wanted, session, plan.Options.LockWait, cancellationToken).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex) when (ex.ErrorId == ErrorIds.LockTimeout)
            {
                throw new RollbackToolsException(
                    ErrorIds.MigrationLocked,
                    FailureCategory.ResourceBusy,
                    $"{session.Target.Url} stayed locked by another writer for {plan.Options.LockWait.TotalSeconds:0.#} s. Wait longer with -LockWait.",
                    session.Target,
                    ex);
            }
        }

        private static void ThrowIfFailed(BatchOutcome outcome)
        {
            if (outcome.Error != null)
            {
                throw outcome.Error;
            }
        }

        private static void Describe(MigrationResult result, StatementFailure? failure, string? verifyError)
        {
            if (failure == null)
            {
                result.StatementsDone = result.StatementCount;
                result.Error = verifyError;
                result.Reason = FailureReason.Error;
                return;
            }

            result.Reason = failure.Error.ErrorId switch
            {
                ErrorIds.OperationCancelled => FailureReason.Cancelled,
                ErrorIds.LockTimeout => FailureReason.LockTimeout,
                ErrorIds.StatementTimeout => FailureReason.StatementTimeout,
                _ => FailureReason.Error,
            };
            result.StatementsDone = failure.Index;
            result.ErrorCode = failure.Error.ServerCode;
            result.FailedStatement = failure.Statement.Text;
            result.FailedLine = failure.FileLine;
            result.Error = string.Format(
                CultureInfo.InvariantCulture,
                "Statement {0} of {1} (line {2}) {3}: {4}",
                failure.Index + 1,
                result.StatementCount,
                failure.FileLine,
                result.Reason == FailureReason.Cancelled ? "was cancelled" : "failed",
                failure.Error.Message);
        }

        private MigrationResult NewResult(MigrationStep step) =>
            new MigrationResult(step.Version, step.Name, step.Direction, MigrationStatus.Skipped, plan.Database, plan.JournalTable) { Path = step.Path };

        private JournalEntry Entry(MigrationScript script, string state, int statementsDone, TimeSpan duration, string? error) =>
            JournalEntry.Of(script, state, statementsDone, performedBy, duration, error);

        private MigrationHistoryEntry History(MigrationStep step, HistoryAction action, HistoryStatus status, TimeSpan duration, int statementsDone, string? error, MigrationResult? failed = null) =>
            MigrationHistoryEntry.Now(step.Version, step.Name, action, status, performedBy) with
            {
                Duration = duration,
                StatementsDone = statementsDone,
                Checksum = step.Script?.Checksum,
                Error = error,
                RunId = plan.RunId,
                FailedStatement = failed?.FailedStatement == null ? null : StatementQuote.Of(failed.FailedStatement),
                ErrorCode = failed?.ErrorCode,
            };
    }
}
