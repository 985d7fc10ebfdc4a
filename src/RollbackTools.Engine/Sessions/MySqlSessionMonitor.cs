using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Sessions
{
    /// <summary>
    /// The process list, InnoDB's open transactions and row-lock waits. MariaDB does not say who holds a
    /// metadata lock unless the metadata_lock_info plugin is loaded, so a session waiting for one is shown
    /// blocked by every other session with an open transaction: the sessions that can hold it.
    /// </summary>
    internal sealed class MySqlSessionMonitor : ISessionMonitor
    {
        private const string ProcessList =
            "SELECT ID, USER, DB, COMMAND, STATE, TIME, INFO, HOST FROM information_schema.PROCESSLIST " +
            "WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon', 'Binlog Dump') AND USER NOT IN ('system user', 'event_scheduler')";

        private const string OpenTransactions = "SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX";

        private const string RowLockWaits =
            "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id FROM information_schema.INNODB_LOCK_WAITS w " +
            "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id";

        public async Task<IReadOnlyList<ActiveQuery>> ListAsync(DatabaseSession session, bool includeIdle, CancellationToken cancellationToken)
        {
            var inTransaction = new HashSet<long>(await session.QueryAsync(OpenTransactions, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false));
            ILookup<long, long> rowWaits = (await TryQueryAsync(session, RowLockWaits, cancellationToken).ConfigureAwait(false)).ToLookup(w => w.Waiting, w => w.Blocking);

            IReadOnlyList<ActiveQuery> all = await session.QueryAsync(
                ProcessList,
                r =>
                {
                    long id = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
                    string command = r.IsDBNull(3) ? string.Empty : r.GetString(3);
                    bool open = inTransaction.Contains(id);
                    return new ActiveQuery(id, session.Target)
                    {
                        User = r.IsDBNull(1) ? null : r.GetString(1),
                        DatabaseName = r.IsDBNull(2) ? null : r.GetString(2),
                        State = command == "Sleep" ? (open ? "idle in transaction" : "idle") : "active",
                        WaitEvent = r.IsDBNull(4) || r.GetString(4).Length == 0 ? null : r.GetString(4),
                        Duration = TimeSpan.FromSeconds(r.IsDBNull(5) ? 0 : Convert.ToInt64(r.GetValue(5), CultureInfo.InvariantCulture)),
                        Query = r.IsDBNull(6) ? null : r.GetString(6),
                        ClientAddress = r.IsDBNull(7) ? null : r.GetString(7),
                        InTransaction = open,
                    };
                },
                cancellationToken).ConfigureAwait(false);

            foreach (ActiveQuery query in all)
            {
                IEnumerable<long> blockers = rowWaits[query.Id];
                if (query.WaitEvent != null && query.WaitEvent.Contains("metadata lock", StringComparison.OrdinalIgnoreCase))
                {
                    blockers = blockers.Concat(inTransaction.Where(holder => holder != query.Id));
                }

                query.BlockedBy = blockers.Distinct().OrderBy(id => id).ToArray();
            }

            return SessionGraph.CountBlocking(all.Where(q => includeIdle || q.State != "idle").ToList());
        }

        /// <summary>Row-lock waits where the server offers them (MySQL 8 moved them to performance_schema).</summary>
        private static async Task<IReadOnlyList<(long Waiting, long Blocking)>> TryQueryAsync(DatabaseSession session, string sql, CancellationToken cancellationToken)
        {
            try
            {
                return await session.QueryAsync(sql, r => (Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex) when (ex.ErrorId == ErrorIds.QueryFailed)
            {
                return Array.Empty<(long, long)>();
            }
        }
    }
}
