using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.SoftDelete
{
    /// <summary>sqlite_master and the foreign-key pragma for dependents; SQLite counts no usage.</summary>
    internal sealed class SqliteInspector : IObjectInspector
    {
        private const string Dependents =
            "SELECT 'view ' || name FROM sqlite_master WHERE type = 'view' AND instr(lower(sql), lower(@table)) > 0 AND (@column IS NULL OR instr(lower(sql), lower(@column)) > 0) " +
            "UNION SELECT 'foreign key on ' || m.name FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name <> @table AND f.\"table\" = @table AND (@column IS NULL OR f.\"to\" = @column) " +
            "UNION SELECT 'trigger ' || name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = @table";

        public Task<IReadOnlyList<string>> DependentsAsync(DatabaseSession session, string schema, string table, string? column, CancellationToken cancellationToken) =>
            InspectorQueries.DependentsAsync(session, Dependents, schema, table, column, cancellationToken);

        public Task<(long Reads, long Writes)?> UsageAsync(DatabaseSession session, string schema, string table, CancellationToken cancellationToken) =>
            Task.FromResult<(long Reads, long Writes)?>(null);
    }
}
