using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups
{
    /// <summary>
    /// The source's checksum taken on a second connection that adopts the copy's snapshot, so the server hashes
    /// the source while it copies it: the same rows, the same columns, the same instant, in about the time of the
    /// copy alone. Where the server cannot share a snapshot the writer checks the source after the copy instead.
    /// </summary>
    internal static class SharedSnapshotChecksum
    {
        /// <summary>
        /// Starts the checksum when <paramref name="session"/>'s transaction has just begun and its server can
        /// export the snapshot; null otherwise. The snapshot is exported before anything else reads, so the copy
        /// made after this call sees exactly what the checksum sees.
        /// </summary>
        public static async Task<SideWork<TableChecksum>?> StartAsync(DatabaseSession session, string schema, string table, IReadOnlyList<BackupColumn> columns, string? where, IEngineLog log, CancellationToken cancellationToken)
        {
            string? export = session.Dialect.ExportSnapshotSql;
            if (export == null)
            {
                return null;
            }

            string snapshot = (string)(await session.ScalarAsync(export, cancellationToken).ConfigureAwait(false))!;
            return SideWork<TableChecksum>.Start(stop => ComputeAsync(session.Target, snapshot, schema, table, columns, where, log, stop), cancellationToken);
        }

        private static async Task<TableChecksum> ComputeAsync(DatabaseTarget target, string snapshot, string schema, string table, IReadOnlyList<BackupColumn> columns, string? where, IEngineLog log, CancellationToken cancellationToken)
        {
            await using DatabaseSession reader = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            await reader.ExecuteAsync(reader.Dialect.BeginSnapshotSql, cancellationToken).ConfigureAwait(false);
            try
            {
                await reader.ExecuteAsync(reader.Dialect.ImportSnapshotSql(snapshot), cancellationToken).ConfigureAwait(false);
                return await TableChecksum.ComputeAsync(reader, schema, table, columns, where, lockRows: false, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await reader.RollbackQuietlyAsync().ConfigureAwait(false);
            }
        }
    }
}
