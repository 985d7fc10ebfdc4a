using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.SoftDelete
{
    /// <summary>
    /// information_schema for dependents, and performance_schema's table I/O counters for usage, when it is
    /// enabled. The server stores a view's definition with every name quoted and qualified (`db`.`table`.`col`),
    /// so a view uses a table when its definition holds that quoted text, byte for byte: no LIKE, whose % and _
    /// would match other names, and no collation, which would fold case the server keeps apart.
    /// </summary>
    internal sealed class MySqlInspector : IObjectInspector
    {
        private const string Dependents =
            "SELECT CONCAT('view ', TABLE_NAME) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = @schema AND INSTR(CAST(VIEW_DEFINITION AS BINARY), CAST(@tableText AS BINARY)) > 0 " +
            "AND (@column IS NULL OR INSTR(CAST(VIEW_DEFINITION AS BINARY), CAST(@columnText AS BINARY)) > 0) " +
            "UNION SELECT CONCAT('foreign key ', CONSTRAINT_NAME, ' on ', TABLE_NAME) FROM information_schema.KEY_COLUMN_USAGE " +
            "WHERE REFERENCED_TABLE_SCHEMA = @schema AND REFERENCED_TABLE_NAME = @table AND TABLE_NAME <> @table AND (@column IS NULL OR REFERENCED_COLUMN_NAME = @column) " +
            "UNION SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = @schema AND EVENT_OBJECT_TABLE = @table";

        private const string Usage =
            "SELECT COUNT_READ, COUNT_WRITE FROM performance_schema.table_io_waits_summary_by_table WHERE OBJECT_SCHEMA = @schema AND OBJECT_NAME = @table";

        public Task<IReadOnlyList<string>> DependentsAsync(DatabaseSession session, string schema, string table, string? column, CancellationToken cancellationToken)
        {
            string tableText = session.Dialect.QualifiedName(schema, table);
            return InspectorQueries.DependentsAsync(session, Dependents, schema, table, column, new (string, object?)[]
            {
                ("@tableText", tableText),
                ("@columnText", column == null ? null : tableText + "." + session.Dialect.QuoteIdentifier(column)),
            }, cancellationToken);
        }

        public async Task<(long Reads, long Writes)?> UsageAsync(DatabaseSession session, string schema, string table, CancellationToken cancellationToken)
        {
            if (Convert.ToString(await session.ScalarAsync("SELECT @@performance_schema", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != "1")
            {
                return null;
            }

            return await InspectorQueries.CountersAsync(session, Usage, schema, table, cancellationToken).ConfigureAwait(false);
        }
    }
}
