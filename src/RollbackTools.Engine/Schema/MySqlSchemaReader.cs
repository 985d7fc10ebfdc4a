using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Schema
{
    /// <summary>The current database from information_schema.</summary>
    internal sealed class MySqlSchemaReader : ISchemaReader
    {
        private const string Tables = "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";

        private const string Columns =
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLLATION_NAME, EXTRA FROM information_schema.COLUMNS " +
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE')";

        // One row per index: its columns in order with direction and prefix length.
        private const string Indexes =
            "SELECT TABLE_NAME, INDEX_NAME, MAX(NON_UNIQUE), GROUP_CONCAT(CONCAT(COLUMN_NAME, ' ', COALESCE(COLLATION, ''), COALESCE(CONCAT('(', SUB_PART, ')'), '')) ORDER BY SEQ_IN_INDEX SEPARATOR ', '), MAX(INDEX_TYPE) " +
            "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() GROUP BY TABLE_NAME, INDEX_NAME";

        private const string Checks = "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";

        private const string ForeignKeys =
            "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', '), MAX(k.REFERENCED_TABLE_NAME), " +
            "GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', '), MAX(r.UPDATE_RULE), MAX(r.DELETE_RULE) " +
            "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME " +
            "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME";

        private const string Views = "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()";

        private const string Triggers =
            "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()";

        private const string Routines = "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()";

        public async Task<IReadOnlyList<SchemaObject>> ReadAsync(DatabaseSession session, CancellationToken cancellationToken)
        {
            var objects = new List<SchemaObject>();
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Tables, cancellationToken).ConfigureAwait(false), "Table", r => r[0]!, ("engine", 1), ("collation", 2)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Columns, cancellationToken).ConfigureAwait(false), "Column", r => r[0] + "." + r[1], ("type", 2), ("nullable", 3), ("default", 4), ("collation", 5), ("extra", 6)));
            foreach (string?[] row in await CatalogRows.ReadAsync(session, Indexes, cancellationToken).ConfigureAwait(false))
            {
                string kind = row[1] == "PRIMARY" ? "PrimaryKey" : "Index";
                objects.Add(new SchemaObject(kind, row[0] + "." + row[1], new Dictionary<string, string?> { ["unique"] = row[2] == "0" ? "true" : "false", ["columns"] = CatalogRows.Normalize(row[3]), ["type"] = row[4] }));
            }

            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Checks, cancellationToken).ConfigureAwait(false), "Check", r => r[0] + "." + r[1], ("definition", 2)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, ForeignKeys, cancellationToken).ConfigureAwait(false), "ForeignKey", r => r[0] + "." + r[1], ("columns", 2), ("references", 3), ("referencedColumns", 4), ("onUpdate", 5), ("onDelete", 6)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Views, cancellationToken).ConfigureAwait(false), "View", r => r[0]!, ("definition", 1)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Triggers, cancellationToken).ConfigureAwait(false), "Trigger", r => r[0] + "." + r[1], ("timing", 2), ("event", 3), ("definition", 4)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Routines, cancellationToken).ConfigureAwait(false), "Routine", r => r[0]!, ("kind", 1), ("definition", 2)));
            return objects;
        }
    }
}
