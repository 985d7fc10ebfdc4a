using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.SoftDelete
{
    /// <summary>
    /// sqlite_master and the foreign-key pragma for dependents; SQLite counts no usage. SQLite keeps no record
    /// of what a view reads, and a text search cannot tell a table named "select" from the keyword; so SQLite's
    /// own parser answers: the name is changed for a moment inside a savepoint, and the views whose stored SQL
    /// the server rewrote are the ones that use it. Nothing of the probe survives the rollback.
    /// </summary>
    internal sealed class SqliteInspector : IObjectInspector
    {
        private const string ViewsSql = "SELECT name, sql FROM sqlite_master WHERE type = 'view'";

        private const string Dependents =
            "SELECT 'foreign key on ' || m.name FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name <> @table AND f.\"table\" = @table AND (@column IS NULL OR f.\"to\" = @column) " +
            "UNION SELECT 'trigger ' || name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = @table";

        public async Task<IReadOnlyList<string>> DependentsAsync(DatabaseSession session, string schema, string table, string? column, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> others = await InspectorQueries.DependentsAsync(session, Dependents, schema, table, column, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> views = await ViewsUsingAsync(session, table, column, cancellationToken).ConfigureAwait(false);
            return others.Concat(views.Select(v => "view " + v)).OrderBy(d => d, StringComparer.Ordinal).ToList();
        }

        public Task<(long Reads, long Writes)?> UsageAsync(DatabaseSession session, string schema, string table, CancellationToken cancellationToken) =>
            Task.FromResult<(long Reads, long Writes)?>(null);

        private static async Task<IReadOnlyList<string>> ViewsUsingAsync(DatabaseSession session, string table, string? column, CancellationToken cancellationToken)
        {
            IReadOnlyList<(string Name, string Sql)> before = await session.QueryAsync(ViewsSql, r => (r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false);
            if (before.Count == 0)
            {
                return Array.Empty<string>();
            }

            string probe = "rbt_probe_" + Guid.NewGuid().ToString("N");
            string rename = column == null
                ? $"ALTER TABLE {session.Dialect.QuoteIdentifier(table)} RENAME TO {session.Dialect.QuoteIdentifier(probe)}"
                : $"ALTER TABLE {session.Dialect.QuoteIdentifier(table)} RENAME COLUMN {session.Dialect.QuoteIdentifier(column)} TO {session.Dialect.QuoteIdentifier(probe)}";
            await session.ExecuteAsync("SAVEPOINT rbt_dependents", cancellationToken).ConfigureAwait(false);
            try
            {
                await session.ExecuteAsync(rename, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<(string Name, string Sql)> after = await session.QueryAsync(ViewsSql, r => (r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false);
                return after.Where(a => before.Any(b => b.Name == a.Name && b.Sql != a.Sql)).Select(a => a.Name).ToList();
            }
            finally
            {
                await session.ExecuteAsync("ROLLBACK TO rbt_dependents", CancellationToken.None).ConfigureAwait(false);
                await session.ExecuteAsync("RELEASE rbt_dependents", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
