using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Sessions
{
    /// <summary>pg_stat_activity with pg_blocking_pids: the server itself says who blocks whom.</summary>
    internal sealed class PostgresSessionMonitor : ISessionMonitor
    {
        // An idle session's clock starts when it went idle; an active one's when its statement started.
        private const string Sql =
            "SELECT pid, usename, datname, coalesce(state, ''), " +
            "(extract(epoch FROM clock_timestamp() - coalesce(CASE WHEN state = 'active' THEN query_start ELSE state_change END, backend_start)) * 1000)::bigint, " +
            "query, CASE WHEN wait_event IS NULL THEN NULL ELSE wait_event_type || ': ' || wait_event END, pg_blocking_pids(pid), " +
            "coalesce(host(client_addr), 'local'), xact_start IS NOT NULL " +
            "FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND (@idle OR coalesce(state, '') <> 'idle')";

        public async Task<IReadOnlyList<ActiveQuery>> ListAsync(DatabaseSession session, bool includeIdle, CancellationToken cancellationToken)
        {
            IReadOnlyList<ActiveQuery> sessions = await session.QueryAsync(
                Sql,
                r => new ActiveQuery(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), session.Target)
                {
                    User = r.IsDBNull(1) ? null : r.GetString(1),
                    DatabaseName = r.IsDBNull(2) ? null : r.GetString(2),
                    State = r.GetString(3),
                    Duration = TimeSpan.FromMilliseconds(r.IsDBNull(4) ? 0 : Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture)),
                    Query = r.IsDBNull(5) ? null : r.GetString(5),
                    WaitEvent = r.IsDBNull(6) ? null : r.GetString(6),
                    BlockedBy = ((int[])r.GetValue(7)).Select(p => (long)p).ToArray(),
                    ClientAddress = r.GetString(8),
                    InTransaction = r.GetBoolean(9),
                },
                new (string, object?)[] { ("@idle", includeIdle) }, cancellationToken).ConfigureAwait(false);
            return SessionGraph.CountBlocking(sessions);
        }
    }
}
