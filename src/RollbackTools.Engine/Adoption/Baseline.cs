using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools
{
    /// <summary>What a baseline records: every numbered migration up to a version, taken as already in the database.</summary>
    public sealed class BaselinePlan
    {
        internal BaselinePlan(DatabaseTarget database, string journalTable, MigrationVersion version, IReadOnlyList<MigrationScript> scripts)
        {
            Database = database;
            JournalTable = journalTable;
            Version = version;
            Scripts = scripts;
        }

        public DatabaseTarget Database { get; }

        public string JournalTable { get; }

        public MigrationVersion Version { get; }

        /// <summary>"version name" of each migration to record, oldest first.</summary>
        public IReadOnlyList<string> Migrations => Scripts.Select(s => $"{s.Version} {s.Name}").ToList();

        internal IReadOnlyList<MigrationScript> Scripts { get; }
    }
}

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// Flyway's baseline for a database built by hand or by a tool whose history is gone: the migrations up
    /// to a version are recorded applied, with their checksums and both scripts from the files, and nothing
    /// runs. A journal that already has rows is refused unless forced, since a baseline over a history
    /// would overwrite what really happened.
    /// </summary>
    internal sealed class Baseline
    {
        private readonly IEngineLog log;

        public Baseline(IEngineLog log) => this.log = log;

        public async Task<BaselinePlan> PlanAsync(DatabaseTarget target, MigrationFolder folder, string upTo, bool force, string? journalTable, CancellationToken cancellationToken)
        {
            MigrationVersion version = MigrationPlanner.ParseVersion(upTo);
            IReadOnlyList<MigrationScript> scripts = MigrationDiscovery.Discover(folder, target.Provider);
            if (!scripts.Any(s => s.Version.Equals(version)))
            {
                throw new RollbackToolsException(ErrorIds.MigrationNotFound, FailureCategory.ObjectNotFound, $"-Baseline {version}: no migration with that version in {folder}; nothing was recorded.", upTo);
            }

            IReadOnlyList<JournalEntry> journal = await MigrationJournal.ReadExistingAsync(target, journalTable, log, cancellationToken).ConfigureAwait(false);

            EnsureEmpty(journal, target, force);
            var applied = new HashSet<MigrationVersion>(journal.Where(e => e.State == MigrationPlanner.StateApplied).Select(e => e.Version));
            List<MigrationScript> chosen = scripts.Where(s => !s.Version.IsRepeatable && s.Version.CompareTo(version) <= 0 && !applied.Contains(s.Version)).ToList();
            return new BaselinePlan(target, MigrationJournal.NameOf(journalTable), version, chosen);
        }

        /// <summary>Records the plan under the run lock: one journal row per migration and one Baseline entry in the history.</summary>
        public async Task<(IReadOnlyList<MigrationResult> Results, MigrationHistoryEntry History)> RecordAsync(BaselinePlan plan, bool force, MigrationRunOptions options, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(plan.Database, log, cancellationToken).ConfigureAwait(false);
            var journal = new MigrationJournal(session, plan.JournalTable);
            await using MigrationRunLock runLock = await MigrationRunLock.AcquireAsync(session, journal.TableName, options.LockWait, log, cancellationToken).ConfigureAwait(false);
            await journal.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<JournalEntry> now = await journal.ReadAsync(cancellationToken).ConfigureAwait(false);
            EnsureEmpty(now, plan.Database, force);
            string performedBy = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
            var results = new List<MigrationResult>();
            await using DatabaseTransaction transaction = await DatabaseTransaction.BeginIfAsync(session.Dialect.SupportsTransactionalDdl, session, options.LockWait, cancellationToken).ConfigureAwait(false);
            foreach (MigrationScript script in plan.Scripts.Where(s => !now.Any(e => e.Version.Equals(s.Version) && e.State == MigrationPlanner.StateApplied)))
            {
                await journal.RecordAsync(JournalEntry.Of(script, MigrationPlanner.StateApplied, 0, performedBy, TimeSpan.Zero, null), cancellationToken).ConfigureAwait(false);
                results.Add(new MigrationResult(script.Version, script.Name, MigrationDirection.Up, MigrationStatus.Baselined, plan.Database, plan.JournalTable) { Path = script.UpPath });
            }

            MigrationScript last = plan.Scripts.LastOrDefault(s => s.Version.Equals(plan.Version)) ?? plan.Scripts.LastOrDefault()!;
            var history = MigrationHistoryEntry.Now(plan.Version, last?.Name ?? "baseline", HistoryAction.Baseline, HistoryStatus.Applied, performedBy) with
            {
                Checksum = last?.Checksum,
                Error = $"Recorded {results.Count} migration(s) up to {plan.Version} as applied without running them: {string.Join(", ", results.Select(r => r.TypedVersion))}.",
            };
            await journal.AppendHistoryAsync(history, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (results, history with { Target = plan.Database });
        }

        private static void EnsureEmpty(IReadOnlyList<JournalEntry> journal, DatabaseTarget target, bool force)
        {
            if (journal.Count > 0 && !force)
            {
                throw new RollbackToolsException(
                    ErrorIds.JournalNotEmpty,
                    FailureCategory.InvalidOperation,
                    $"The journal of {target.Url} already records {journal.Count} migration(s) (newest {journal[^1].Version}); a baseline would write over that history. Nothing was recorded. Add -Force to record only the ones it lacks.",
                    target);
            }
        }
    }
}
