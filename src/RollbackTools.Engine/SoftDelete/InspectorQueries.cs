using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.SoftDelete
{
    /// <summary>How the inspectors run their catalog queries: each database only brings its SQL.</summary>
    internal static class InspectorQueries
    {
        /// <summary>A query with @schema, @table and @column returning one description per dependent, sorted.</summary>
        public static Task<IReadOnlyList<string>> DependentsAsync(DatabaseSession session, string sql, string schema, string table, string? column, CancellationToken cancellationToken) =>
            DependentsAsync(session, sql, schema, table, column, Array.Empty<(string, object?)>(), cancellationToken);

        /// <summary>The same with more parameters than @schema, @table and @column.</summary>
        public static async Task<IReadOnlyList<string>> DependentsAsync(DatabaseSession session, string sql, string schema, string table, string? column, IReadOnlyList<(string Name, object? Value)> more, CancellationToken cancellationToken) =>
            (await session.QueryAsync(sql, r => r.GetString(0), new[] { ("@schema", (object?)schema), ("@table", table), ("@column", column) }.Concat(more).ToArray(), cancellationToken).ConfigureAwait(false))
                .OrderBy(d => d, StringComparer.Ordinal).ToList();

        /// <summary>A query with @schema and @table returning reads and writes; no row means none counted yet.</summary>
        public static async Task<(long Reads, long Writes)> CountersAsync(DatabaseSession session, string sql, string schema, string table, CancellationToken cancellationToken)
        {
            IReadOnlyList<(long, long)> rows = await session.QueryAsync(
                sql,
                r => (Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)),
                new (string, object?)[] { ("@schema", schema), ("@table", table) }, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? (0, 0) : rows[0];
        }
    }
}
