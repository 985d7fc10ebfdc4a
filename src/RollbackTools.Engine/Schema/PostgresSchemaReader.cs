using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Schema
{
    /// <summary>The current schema from pg_catalog, with the server's own rendering of every definition.</summary>
    internal sealed class PostgresSchemaReader : ISchemaReader
    {
        private const string Tables =
            "SELECT c.relname, c.relkind::text, c.relpersistence::text FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')";

        private const string Columns =
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, pg_get_expr(d.adbin, d.adrelid), " +
            "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, a.attidentity::text, a.attgenerated::text " +
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid " +
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum LEFT JOIN pg_collation co ON co.oid = a.attcollation " +
            "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped";

        private const string Constraints =
            "SELECT c.relname, k.conname, k.contype::text, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid " +
            "WHERE k.connamespace = current_schema()::regnamespace AND k.contype IN ('p', 'u', 'c', 'f', 'x')";

        private const string Indexes = "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()";

        private const string Views = "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema()";

        private const string Sequences =
            "SELECT sequencename, data_type::text, start_value::text, increment_by::text, min_value::text, max_value::text, cycle::text FROM pg_sequences WHERE schemaname = current_schema()";

        private const string Triggers =
            "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal";

        private const string Routines =
            "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.prokind::text, pg_get_functiondef(p.oid) FROM pg_proc p " +
            "WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind IN ('f', 'p')";

        private static readonly Dictionary<string, string> ConstraintKinds = new Dictionary<string, string>
        {
            ["p"] = "PrimaryKey",
            ["u"] = "Unique",
            ["c"] = "Check",
            ["f"] = "ForeignKey",
            ["x"] = "Exclusion",
        };

        public async Task<IReadOnlyList<SchemaObject>> ReadAsync(DatabaseSession session, CancellationToken cancellationToken)
        {
            var objects = new List<SchemaObject>();
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Tables, cancellationToken).ConfigureAwait(false), "Table", r => r[0]!, ("kind", 1), ("persistence", 2)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Columns, cancellationToken).ConfigureAwait(false), "Column", r => r[0] + "." + r[1], ("type", 2), ("notNull", 3), ("default", 4), ("collation", 5), ("identity", 6), ("generated", 7)));
            foreach (string?[] row in await CatalogRows.ReadAsync(session, Constraints, cancellationToken).ConfigureAwait(false))
            {
                objects.Add(new SchemaObject(ConstraintKinds[row[2]!], row[0] + "." + row[1], new Dictionary<string, string?> { ["definition"] = CatalogRows.Normalize(row[3]) }));
            }

            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Indexes, cancellationToken).ConfigureAwait(false), "Index", r => r[0] + "." + r[1], ("definition", 2)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Views, cancellationToken).ConfigureAwait(false), "View", r => r[0]!, ("definition", 1)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Sequences, cancellationToken).ConfigureAwait(false), "Sequence", r => r[0]!, ("type", 1), ("start", 2), ("increment", 3), ("min", 4), ("max", 5), ("cycle", 6)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Triggers, cancellationToken).ConfigureAwait(false), "Trigger", r => r[0] + "." + r[1], ("definition", 2)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Routines, cancellationToken).ConfigureAwait(false), "Routine", r => r[0]!, ("kind", 1), ("definition", 2)));
            return objects;
        }
    }
}
