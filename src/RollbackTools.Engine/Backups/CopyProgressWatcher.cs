using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups
{
    /// <summary>
    /// How far a copy has got, read from a second connection while the copying statement runs (InnoDB counts
    /// the rows an open transaction wrote), so a long backup shows rows copied rather than a frozen bar.
    /// </summary>
    internal static class CopyProgressWatcher
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

        /// <summary>Starts watching <paramref name="copier"/>'s transaction; null where the server does not tell or nobody listens.</summary>
        public static async Task<SideWork<long>?> StartAsync(DatabaseSession copier, string table, Action<string, long, long?>? onRowsCopied, IEngineLog log, CancellationToken cancellationToken)
        {
            string? rowsSql = copier.Dialect.RowsWrittenSql;
            if (onRowsCopied == null || rowsSql == null || copier.Dialect.SessionIdSql == null)
            {
                return null;
            }

            long session = Convert.ToInt64(await copier.ScalarAsync(copier.Dialect.SessionIdSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            long? estimate = null;
            if (copier.Dialect.EstimatedRowsSql is string estimateSql && await copier.ScalarAsync(estimateSql, new (string, object?)[] { ("@table", table) }, cancellationToken).ConfigureAwait(false) is { } found and not DBNull)
            {
                estimate = Convert.ToInt64(found, CultureInfo.InvariantCulture);
            }

            return SideWork<long>.Start(stop => WatchAsync(copier.Target, rowsSql, session, table, estimate, onRowsCopied, log, stop), cancellationToken);
        }

        /// <summary>Reads until stopped; the rows last seen.</summary>
        private static async Task<long> WatchAsync(DatabaseTarget target, string rowsSql, long session, string table, long? estimate, Action<string, long, long?> onRowsCopied, IEngineLog log, CancellationToken cancellationToken)
        {
            long rows = 0;
            await using DatabaseSession watcher = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            var parameters = new (string, object?)[] { ("@session", session) };
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
                rows = Convert.ToInt64(await watcher.ScalarAsync(rowsSql, parameters, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                onRowsCopied(table, rows, estimate);
            }

            return rows;
        }
    }
}
