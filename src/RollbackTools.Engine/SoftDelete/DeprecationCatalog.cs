using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Storage;

namespace RollbackTools.Engine.SoftDelete
{
    /// <summary>The catalog of soft-deleted objects, with the usage counters seen at rename time.</summary>
    internal sealed class DeprecationCatalog
    {
        public const string TableName = "rollbacktools_deprecated";
        private const string Columns = "id, kind, schema_name, table_name, original_name, deprecated_name, deprecated_at, deprecated_by, expires_at, reads_at_rename, writes_at_rename, migration_version";
        private readonly DatabaseSession session;
        private readonly string table;

        public DeprecationCatalog(DatabaseSession session)
        {
            this.session = session;
            table = session.Dialect.QuoteIdentifier(TableName);
        }

        public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
            session.ExecuteAsync(
                $"CREATE TABLE IF NOT EXISTS {table} (id {session.Dialect.AutoIncrementKey}, kind VARCHAR(10) NOT NULL, schema_name VARCHAR(128) NOT NULL, table_name VARCHAR(128) NOT NULL, " +
                "original_name VARCHAR(128) NOT NULL, deprecated_name VARCHAR(128) NOT NULL, deprecated_at VARCHAR(40) NOT NULL, deprecated_by VARCHAR(255) NOT NULL, expires_at VARCHAR(40) NOT NULL, " +
                "reads_at_rename BIGINT NULL, writes_at_rename BIGINT NULL, migration_version VARCHAR(100) NULL)",
                cancellationToken);

        public async Task<IReadOnlyList<DeprecatedObject>> ReadAsync(CancellationToken cancellationToken) =>
            await session.TableExistsAsync(null, TableName, cancellationToken).ConfigureAwait(false)
                ? await session.QueryAsync($"SELECT {Columns} FROM {table} ORDER BY id", Read, cancellationToken).ConfigureAwait(false)
                : Array.Empty<DeprecatedObject>();

        public async Task<DeprecatedObject> AddAsync(DeprecatedObject item, CancellationToken cancellationToken)
        {
            await session.ExecuteAsync(
                $"INSERT INTO {table} (kind, schema_name, table_name, original_name, deprecated_name, deprecated_at, deprecated_by, expires_at, reads_at_rename, writes_at_rename, migration_version) " +
                "VALUES (@kind, @schema, @table, @original, @deprecated, @at, @by, @expires, @reads, @writes, @version)",
                new (string, object?)[]
                {
                    ("@kind", item.Kind.ToString()),
                    ("@schema", item.Schema),
                    ("@table", item.Table),
                    ("@original", item.Name),
                    ("@deprecated", item.DeprecatedName),
                    ("@at", StoredTime.Format(item.DeprecatedAt)),
                    ("@by", item.DeprecatedBy),
                    ("@expires", StoredTime.Format(item.ExpiresAt)),
                    ("@reads", item.ReadsAtRename),
                    ("@writes", item.WritesAtRename),
                    ("@version", item.MigrationVersion),
                }, cancellationToken).ConfigureAwait(false);
            long id = Convert.ToInt64(await session.ScalarAsync(session.Dialect.LastInsertIdSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return (await session.QueryAsync($"SELECT {Columns} FROM {table} WHERE id = @id", Read, new (string, object?)[]
            {
                ("@id", id),
            }, cancellationToken).ConfigureAwait(false)).Single();
        }

        public Task RemoveAsync(long id, CancellationToken cancellationToken) =>
            session.ExecuteAsync($"DELETE FROM {table} WHERE id = @id", new (string, object?)[] { ("@id", id) }, cancellationToken);

        private DeprecatedObject Read(DbDataReader r) => new DeprecatedObject(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), Enum.Parse<DeprecatedKind>(r.GetString(1)), session.Target)
        {
            Schema = r.GetString(2),
            Table = r.GetString(3),
            Name = r.GetString(4),
            DeprecatedName = r.GetString(5),
            DeprecatedAt = StoredTime.Parse(r.GetString(6)),
            DeprecatedBy = r.GetString(7),
            ExpiresAt = StoredTime.Parse(r.GetString(8)),
            ReadsAtRename = r.IsDBNull(9) ? null : Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture),
            WritesAtRename = r.IsDBNull(10) ? null : Convert.ToInt64(r.GetValue(10), CultureInfo.InvariantCulture),
            MigrationVersion = r.IsDBNull(11) ? null : r.GetString(11),
        };
    }
}
