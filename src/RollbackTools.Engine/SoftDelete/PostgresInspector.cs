using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.SoftDelete
{
    internal sealed class PostgresInspector : IObjectInspector
    {
        private const string Dependents =
            "SELECT 'view ' || v.view_name FROM information_schema.view_column_usage v WHERE v.table_schema = @schema AND v.table_name = @table AND (CAST(@column AS text) IS NULL OR v.column_name = @column) " +
            "UNION SELECT 'foreign key ' || k.conname || ' on ' || k.conrelid::regclass::text FROM pg_constraint k JOIN pg_class c ON c.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE k.contype = 'f' AND n.nspname = @schema AND c.relname = @table AND k.conrelid <> k.confrelid " +
            "AND (CAST(@column AS text) IS NULL OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = k.confrelid AND a.attnum = ANY (k.confkey) AND a.attname = @column)) " +
            "UNION SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = @schema AND c.relname = @table";

        private const string Usage =
            "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0), coalesce(n_tup_ins, 0) + coalesce(n_tup_upd, 0) + coalesce(n_tup_del, 0) FROM pg_stat_user_tables WHERE schemaname = @schema AND relname = @table";

        public Task<IReadOnlyList<string>> DependentsAsync(DatabaseSession session, string schema, string table, string? column, CancellationToken cancellationToken) =>
            InspectorQueries.DependentsAsync(session, Dependents, schema, table, column, cancellationToken);

        public async Task<(long Reads, long Writes)?> UsageAsync(DatabaseSession session, string schema, string table, CancellationToken cancellationToken)
        {
            // Statistics reach the shared counters when a backend goes idle; ask for the latest view of them.
            await session.ExecuteAsync("SELECT pg_stat_clear_snapshot()", cancellationToken).ConfigureAwait(false);
            return await InspectorQueries.CountersAsync(session, Usage, schema, table, cancellationToken).ConfigureAwait(false);
        }
    }
}
