using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools
{
    /// <summary>Reads where every database of a fleet stands, ThrottleLimit at a time; a database that cannot be read is a row of its own.</summary>
    public sealed class FleetStatusReader
    {
        private readonly IEngineLog log;

        public FleetStatusReader(IEngineLog log) => this.log = log;

        public async Task<IReadOnlyList<FleetDatabaseStatus>> ReadAsync(IReadOnlyList<DatabaseTarget> fleet, MigrationFolder? folder, string? journalTable, bool drift, int throttle, CancellationToken cancellationToken)
        {
            var rows = fleet.Select(t => new FleetDatabaseStatus(t)).ToList();
            await Engine.Fleets.Throttle.ForEachDatabaseAsync(rows, r => r.Target, throttle, (row, token) => ReadOneAsync(row, folder, journalTable, drift, token), cancellationToken).ConfigureAwait(false);
            return rows;
        }

        private async Task ReadOneAsync(FleetDatabaseStatus row, MigrationFolder? folder, string? journalTable, bool drift, CancellationToken cancellationToken)
        {
            try
            {
                IReadOnlyList<MigrationInfo> infos = await new Migrator(log).GetStatusAsync(row.Target, folder, journalTable, cancellationToken).ConfigureAwait(false);
                MigrationInfo? newest = infos.Where(i => i.State == MigrationState.Applied || i.State == MigrationState.Modified).OrderBy(i => i.TypedVersion).LastOrDefault();
                row.TypedVersion = newest?.TypedVersion;
                row.LastRun = infos.Where(i => i.AppliedAt.HasValue).Select(i => i.AppliedAt).Max();
                row.Pending = infos.Count(i => i.State == MigrationState.Pending);
                row.Dirty = infos.Count(i => i.State == MigrationState.Dirty);
                row.Failed = infos.Count(i => i.State == MigrationState.Failed);
                if (drift && !row.Target.IsAbsent)
                {
                    row.Drift = (await new DriftChecker(log).CheckAsync(row.Target, folder, journalTable, null, cancellationToken).ConfigureAwait(false)).Count;
                }

                row.State = row.Dirty > 0 ? FleetState.Dirty
                    : row.Failed > 0 ? FleetState.Failed
                    : row.Drift > 0 ? FleetState.Drifted
                    : row.Pending > 0 ? FleetState.Pending
                    : FleetState.UpToDate;
            }
            catch (RollbackToolsException ex) when (!cancellationToken.IsCancellationRequested)
            {
                row.State = FleetState.Unreachable;
                row.Error = $"{ex.ErrorId}: {ex.Message}";
            }
        }

        /// <summary>The count of databases in each state, worst first, states with none left out.</summary>
        public static IReadOnlyList<FleetSummary> Summarize(IEnumerable<FleetDatabaseStatus> rows) =>
            rows.GroupBy(r => r.State).OrderByDescending(g => g.Key).Select(g => new FleetSummary(g.Key, g.Count())).ToList();
    }
}
