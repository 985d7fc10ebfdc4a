using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.RestorePoints
{
    /// <summary>
    /// MariaDB and MySQL recover to a point by replaying the binary log onto a dump, so the log must be on and
    /// in a format that replays exactly (ROW or MIXED). The log is flushed: the point is the start of a new
    /// file, which a replay with --stop-position or --stop-datetime can name without splitting an event.
    /// </summary>
    internal sealed class MySqlRestorePoints : IRestorePointTaker
    {
        public async Task<string?> CheckAsync(DatabaseSession session, CancellationToken cancellationToken)
        {
            if (Convert.ToInt64(await session.ScalarAsync("SELECT @@log_bin", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return "the binary log is off: start the server with log_bin (log-bin = mysql-bin) and binlog_format = ROW.";
            }

            string format = Convert.ToString(await session.ScalarAsync("SELECT @@binlog_format", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;
            return format.Equals("STATEMENT", StringComparison.OrdinalIgnoreCase)
                ? "binlog_format is STATEMENT, which does not replay exactly: set binlog_format = ROW (or MIXED)."
                : null;
        }

        public async Task<MigrationRestorePoint> TakeAsync(DatabaseSession session, string name, IEngineLog log, CancellationToken cancellationToken)
        {
            if (await CheckAsync(session, cancellationToken).ConfigureAwait(false) is string why)
            {
                throw RestorePointErrors.Unavailable(session, why);
            }

            await session.ExecuteAsync("FLUSH BINARY LOGS", cancellationToken).ConfigureAwait(false);
            IReadOnlyList<(string File, long Position)> status = await session.QueryAsync(
                "SHOW MASTER STATUS",
                r => (r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)),
                cancellationToken).ConfigureAwait(false);
            if (status.Count == 0)
            {
                throw RestorePointErrors.Unavailable(session, "the server reports no binary log position (SHOW MASTER STATUS is empty): check log_bin.");
            }

            return new MigrationRestorePoint(name, session.Target)
            {
                BinlogFile = status[0].File,
                BinlogPosition = status[0].Position,
                Gtid = await GtidAsync(session, cancellationToken).ConfigureAwait(false),
            };
        }

        /// <summary>MariaDB's gtid_binlog_pos, or MySQL's gtid_executed; empty where the server keeps none.</summary>
        private static async Task<string?> GtidAsync(DatabaseSession session, CancellationToken cancellationToken)
        {
            foreach (string variable in new[] { "gtid_binlog_pos", "gtid_executed" })
            {
                IReadOnlyList<string> values = await session.QueryAsync($"SHOW GLOBAL VARIABLES LIKE '{variable}'", r => Convert.ToString(r.GetValue(1), CultureInfo.InvariantCulture) ?? string.Empty, cancellationToken).ConfigureAwait(false);
                if (values.Count > 0)
                {
                    return values[0];
                }
            }

            return null;
        }

    }
}
