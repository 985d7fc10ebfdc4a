using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Schema
{
    /// <summary>
    /// SQLite keeps CHECK constraints and column details inside each CREATE TABLE, so a table's definition is
    /// its normalized SQL, next to columns, indexes and foreign keys read through the table-valued pragmas.
    /// </summary>
    internal sealed class SqliteSchemaReader : ISchemaReader
    {
        // Indexes are read through pragma_index_list below, which also covers the ones constraints create.
        private const string Master = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND type <> 'index'";

        private const string Columns =
            "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

        private const string Indexes =
            "SELECT m.name, l.name, l.\"unique\", l.origin, l.partial, (SELECT group_concat(coalesce(i.name, '<expr>') || CASE WHEN i.\"desc\" THEN ' DESC' ELSE '' END, ', ') FROM pragma_index_xinfo(l.name) i WHERE i.key) " +
            "FROM sqlite_master m JOIN pragma_index_list(m.name) l WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

        private const string ForeignKeys =
            "SELECT m.name, f.id, group_concat(f.\"from\", ', '), f.\"table\", group_concat(f.\"to\", ', '), f.on_update, f.on_delete " +
            "FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' GROUP BY m.name, f.id";

        private static readonly Regex NamedCheck = new Regex(@"CONSTRAINT\s+[""`\[]?(?<name>[^\s""`\]]+)[""`\]]?\s+CHECK\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Named CHECK constraints, which SQLite keeps only inside the CREATE TABLE text.</summary>
        private static IEnumerable<SchemaObject> NamedChecks(string table, string sql)
        {
            foreach (Match match in NamedCheck.Matches(sql))
            {
                int start = match.Index + match.Length;
                int depth = 1;
                int end = start;
                while (end < sql.Length && depth > 0)
                {
                    depth += sql[end] == '(' ? 1 : sql[end] == ')' ? -1 : 0;
                    end++;
                }

                yield return new SchemaObject("Check", table + "." + match.Groups["name"].Value, new Dictionary<string, string?> { ["definition"] = CatalogRows.Normalize(sql.Substring(start, Math.Max(0, end - start - 1))) });
            }
        }

        public async Task<IReadOnlyList<SchemaObject>> ReadAsync(DatabaseSession session, CancellationToken cancellationToken)
        {
            var objects = new List<SchemaObject>();
            foreach (string?[] row in await CatalogRows.ReadAsync(session, Master, cancellationToken).ConfigureAwait(false))
            {
                string name = row[0] == "table" || row[0] == "view" ? row[1]! : row[2] + "." + row[1];
                string kind = row[0] switch { "table" => "Table", "view" => "View", _ => "Trigger" };
                objects.Add(new SchemaObject(kind, name, new Dictionary<string, string?> { ["definition"] = CatalogRows.Normalize(row[3]) }));

                if (kind == "Table" && row[3] != null)
                {
                    objects.AddRange(NamedChecks(name, row[3]!));
                }
            }

            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Columns, cancellationToken).ConfigureAwait(false), "Column", r => r[0] + "." + r[1], ("type", 2), ("notNull", 3), ("default", 4), ("primaryKey", 5)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, Indexes, cancellationToken).ConfigureAwait(false), "Index", r => r[0] + "." + r[1], ("unique", 2), ("origin", 3), ("partial", 4), ("columns", 5)));
            objects.AddRange(CatalogRows.Objects(await CatalogRows.ReadAsync(session, ForeignKeys, cancellationToken).ConfigureAwait(false), "ForeignKey", r => r[0] + "." + r[2] + "->" + r[3], ("columns", 2), ("references", 3), ("referencedColumns", 4), ("onUpdate", 5), ("onDelete", 6)));
            return objects;
        }
    }
}
