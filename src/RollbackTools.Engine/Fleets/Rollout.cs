using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools
{
    /// <summary>
    /// One release over many databases: planned on each, run in waves of at most ThrottleLimit databases at
    /// once, each database with its own session, lock and journal, so one database's failure never touches
    /// another's. A wave starts only when the one before ended within MaxFailures; otherwise the rollout stops
    /// and, with RollbackOnFailure, takes back what it applied on the failed wave (or on every wave).
    /// </summary>
    public sealed class Rollout
    {
        private readonly IEngineLog log;

        public Rollout(IEngineLog log) => this.log = log;

        /// <summary>Plans every database, ThrottleLimit at a time; a database that cannot be planned carries its error.</summary>
        public async Task<IReadOnlyList<RolloutDatabase>> PlanAsync(IReadOnlyList<DatabaseTarget> fleet, MigrationFolder folder, UpSelection selection, MigrationRunOptions options, int throttle, CancellationToken cancellationToken)
        {
            var databases = fleet.Select(t => new RolloutDatabase(t)).ToList();
            await Engine.Fleets.Throttle.ForEachDatabaseAsync(databases, d => d.Target, throttle, async (database, token) =>
            {
                try
                {
                    database.Plan = await new Migrator(log).PlanUpAsync(database.Target, folder, selection, options, token).ConfigureAwait(false);
                }
                catch (RollbackToolsException ex) when (!token.IsCancellationRequested)
                {
                    database.Error = ex;
                }
            }, cancellationToken).ConfigureAwait(false);
            return databases;
        }

        public async Task<RolloutOutcome> RunAsync(IReadOnlyList<RolloutDatabase> databases, RolloutOptions options, IRolloutObserver observer, CancellationToken cancellationToken)
        {
            string id = Guid.NewGuid().ToString("N");
            IReadOnlyList<IReadOnlyList<RolloutDatabase>> waves = WaveSize.Cut(databases, options.Waves);
            for (int w = 0; w < waves.Count; w++)
            {
                foreach (RolloutDatabase database in waves[w])
                {
                    database.Wave = w + 1;
                }
            }

            int done = 0;
            for (int w = 0; w < waves.Count; w++)
            {
                IReadOnlyList<RolloutDatabase> wave = waves[w];
                await Engine.Fleets.Throttle.ForEachDatabaseAsync(wave, d => d.Target, options.ThrottleLimit, async (database, token) =>
                {
                    database.Started = true;
                    observer.DatabaseStarting(database, done, databases.Count);
                    await ApplyAsync(database, id, observer, token).ConfigureAwait(false);
                    observer.DatabaseDone(database, Interlocked.Increment(ref done), databases.Count);
                }, cancellationToken).ConfigureAwait(false);

                int failed = wave.Count(d => d.Failed);
                if (failed > options.MaxFailures)
                {
                    log.Warning($"Wave {w + 1} of {waves.Count}: {failed} database(s) failed, more than -MaxFailures {options.MaxFailures}; the rollout stops here.");
                    if (options.RollbackOnFailure)
                    {
                        IEnumerable<RolloutDatabase> back = options.RollbackScope == RollbackScope.All ? databases.Where(d => d.Started) : wave;
                        await Engine.Fleets.Throttle.ForEachDatabaseAsync(back.ToList(), d => d.Target, options.ThrottleLimit, (database, token) => TakeBackAsync(database, id, observer, token), cancellationToken).ConfigureAwait(false);
                    }

                    return new RolloutOutcome(id, databases, w + 1);
                }
            }

            return new RolloutOutcome(id, databases, null);
        }

        private async Task ApplyAsync(RolloutDatabase database, string id, IRolloutObserver observer, CancellationToken cancellationToken)
        {
            if (database.Plan == null)
            {
                return;
            }

            database.Plan.RunId = id;
            try
            {
                IReadOnlyList<MigrationResult> results = await new Migrator(log).RunAsync(database.Plan, database.Plan.Steps.Count, new DatabaseObserver(database, observer), cancellationToken).ConfigureAwait(false);
                lock (database.Results)
                {
                    database.Results.Clear();
                    database.Results.AddRange(results);
                }
            }
            catch (RollbackToolsException ex) when (!cancellationToken.IsCancellationRequested)
            {
                database.Error = ex;
            }
        }

        /// <summary>
        /// What this rollout applied on the database goes back, newest first; a migration it left Dirty (MySQL,
        /// MariaDB) is taken back with -Force first, so the database ends at its version before the rollout.
        /// </summary>
        private async Task TakeBackAsync(RolloutDatabase database, string id, IRolloutObserver observer, CancellationToken cancellationToken)
        {
            if (database.Plan == null)
            {
                return;
            }

            var migrator = new Migrator(log);
            var versions = database.Plan.Steps.Select(s => s.Version).ToHashSet();
            try
            {
                IReadOnlyList<MigrationInfo> now = await migrator.GetStatusAsync(database.Target, null, database.Plan.Options.JournalTable, cancellationToken).ConfigureAwait(false);
                MigrationInfo[] stopped = now.Where(i => i.State == MigrationState.Dirty && versions.Contains(i.TypedVersion)).ToArray();

                // A migration that stopped before its first statement changed nothing: its down must not run (it
                // would drop what was there before, such as the table its CREATE collided with). It only leaves the journal.
                foreach (MigrationInfo untouched in stopped.Where(i => i.StatementsDone == 0))
                {
                    await migrator.SetStateAsync(database.Target, null, untouched.Version, MigrationState.Pending, database.Plan.Options, cancellationToken).ConfigureAwait(false);
                }

                string[] dirty = stopped.Where(i => i.StatementsDone > 0).Select(i => i.Version).ToArray();
                string[] applied = database.Results.Where(r => r.Direction == MigrationDirection.Up && r.Status == MigrationStatus.Succeeded).Select(r => r.Version).ToArray();
                foreach (DownSelection selection in new[] { new DownSelection { Versions = dirty, Force = true }, new DownSelection { Versions = applied } }.Where(s => s.Versions!.Count > 0))
                {
                    MigrationPlan down = await migrator.PlanDownAsync(database.Target, null, selection, database.Plan.Options, cancellationToken).ConfigureAwait(false);
                    down.RunId = id;
                    await migrator.RunAsync(down, down.Steps.Count, new DatabaseObserver(database, observer), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RollbackToolsException ex) when (!cancellationToken.IsCancellationRequested)
            {
                log.Warning($"{database.Target.Url}: taking the rollout back failed: {ex.Message}");
                database.Error ??= ex;
            }
        }

        private sealed class DatabaseObserver : IMigrationObserver
        {
            private readonly RolloutDatabase database;
            private readonly IRolloutObserver observer;

            public DatabaseObserver(RolloutDatabase database, IRolloutObserver observer)
            {
                this.database = database;
                this.observer = observer;
            }

            public void Starting(MigrationStep step, int index, int total) => observer.StepStarting(database, step, index, total);

            public void Completed(MigrationResult result) => observer.Completed(result);
        }
    }
}
