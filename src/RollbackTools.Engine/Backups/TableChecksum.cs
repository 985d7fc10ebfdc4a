using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups
{
    /// <summary>A row count and an order-independent, NULL-safe checksum: what "the same rows" means here.</summary>
    internal readonly record struct TableChecksum(long Rows, string Sum)
    {
        public static Task<TableChecksum> ComputeAsync(DatabaseSession session, string? schema, string table, IReadOnlyList<BackupColumn> columns, string? where, bool lockRows, CancellationToken cancellationToken) =>
            QueryAsync(session, session.Dialect.TableChecksumSql(schema, table, columns, where, lockRows), cancellationToken);

        /// <summary>Runs SQL whose select list is the dialect's ChecksumSelectList.</summary>
        public static async Task<TableChecksum> QueryAsync(DatabaseSession session, string sql, CancellationToken cancellationToken)
        {
            IReadOnlyList<TableChecksum> rows = await session.QueryAsync(
                sql,
                r => new TableChecksum(
                    Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
                    Convert.ToDecimal(r.GetValue(1), CultureInfo.InvariantCulture).ToString("0", CultureInfo.InvariantCulture)),
                cancellationToken).ConfigureAwait(false);
            return rows[0];
        }

        public override string ToString() => $"{Rows} rows, checksum {Sum}";
    }
}
