using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups
{
    /// <summary>A table's columns and primary key, read from the database's catalog.</summary>
    internal sealed class TableShape
    {
        private TableShape(string schema, string table, IReadOnlyList<BackupColumn> columns)
        {
            Schema = schema;
            Table = table;
            Columns = columns;
            PrimaryKey = columns.Where(c => c.KeyPosition > 0).OrderBy(c => c.KeyPosition).Select(c => c.Name).ToArray();
        }

        public string Schema { get; }

        public string Table { get; }

        public IReadOnlyList<BackupColumn> Columns { get; }

        public IReadOnlyList<string> PrimaryKey { get; }

        public bool Has(string column) => Columns.Any(c => c.Name == column);

        /// <summary>The shape, or null when the table does not exist.</summary>
        public static async Task<TableShape?> ReadAsync(DatabaseSession session, string schema, string table, CancellationToken cancellationToken)
        {
            if (!Dialects.IdentifierRules.CanLookUp(session.Dialect, table))
            {
                return null;
            }

            IReadOnlyList<BackupColumn> columns = await session.QueryAsync(
                session.Dialect.ColumnsSql,
                r => new BackupColumn(
                    r.GetString(0),
                    r.GetString(1),
                    Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture) != 0,
                    Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture)),
                new (string, object?)[] { ("@schema", schema), ("@table", table) }, cancellationToken).ConfigureAwait(false);
            return columns.Count == 0 ? null : new TableShape(schema, table, columns);
        }

        public static async Task<TableShape> RequireAsync(DatabaseSession session, string schema, string table, CancellationToken cancellationToken) =>
            await ReadAsync(session, schema, table, cancellationToken).ConfigureAwait(false)
            ?? throw new RollbackToolsException(ErrorIds.TableNotFound, FailureCategory.ObjectNotFound, $"There is no table {schema}.{table} in {session.Target.Url}.", table);

        /// <summary>The schema a name without one lives in.</summary>
        public static async Task<string> DefaultSchemaAsync(DatabaseSession session, CancellationToken cancellationToken) =>
            Convert.ToString(await session.ScalarAsync(session.Dialect.DefaultSchemaSql!, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)!;
    }
}
