using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Schema
{
    /// <summary>How one database describes its schema. Table-scoped objects are named "table.object".</summary>
    internal interface ISchemaReader
    {
        Task<IReadOnlyList<SchemaObject>> ReadAsync(DatabaseSession session, CancellationToken cancellationToken);
    }

    /// <summary>Catalog queries read as rows of text, which is all a snapshot needs.</summary>
    internal static class CatalogRows
    {
        public static Task<IReadOnlyList<string?[]>> ReadAsync(DatabaseSession session, string sql, CancellationToken cancellationToken) =>
            session.QueryAsync(
                sql,
                r => Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)).ToArray(),
                cancellationToken);

        /// <summary>An object from a row: kind, name from the given columns, and the remaining columns as named properties.</summary>
        public static IEnumerable<SchemaObject> Objects(IEnumerable<string?[]> rows, string kind, Func<string?[], string> name, params (string Property, int Column)[] properties) =>
            rows.Select(r => new SchemaObject(kind, name(r), properties.ToDictionary(p => p.Property, p => Normalize(r[p.Column]))));

        /// <summary>Whitespace runs become one space, so a definition reads the same however the server laid it out.</summary>
        public static string? Normalize(string? text) => text == null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
