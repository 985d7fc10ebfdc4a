using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Dialects;
using RollbackTools.Engine.Storage;

namespace RollbackTools.Engine.Backups
{
    /// <summary>
    /// The catalog table of backups in the target database: what each backup holds and how to check it.
    /// Column lists are stored as JSON so a column can be re-added with its type after a migration dropped it.
    /// </summary>
    internal sealed class BackupCatalog
    {
        public const string TableName = "rollbacktools_backups";
        private const string Columns = "id, kind, source_schema, source_table, backup_schema, backup_table, primary_key, columns, where_clause, row_count, checksum, created_at, created_by, journal_version, expires_at, path, file_size, verified";

        private readonly DatabaseSession session;
        private readonly ISqlDialect dialect;
        private readonly string table;

        public BackupCatalog(DatabaseSession session)
        {
            this.session = session;
            dialect = session.Dialect;
            table = dialect.QuoteIdentifier(TableName);
        }

        public Task<bool> ExistsAsync(CancellationToken cancellationToken) => session.TableExistsAsync(null, TableName, cancellationToken);

        public Task EnsureCreatedAsync(CancellationToken cancellationToken)
        {
            string text = dialect.LargeTextType;
            return session.ExecuteAsync(
                $"CREATE TABLE IF NOT EXISTS {table} (id {dialect.AutoIncrementKey}, kind VARCHAR(10) NOT NULL, source_schema VARCHAR(128) NULL, source_table VARCHAR(128) NULL, " +
                $"backup_schema VARCHAR(128) NULL, backup_table VARCHAR(128) NULL, primary_key {text} NULL, columns {text} NULL, where_clause {text} NULL, row_count BIGINT NOT NULL, " +
                $"checksum VARCHAR(100) NOT NULL, created_at VARCHAR(40) NOT NULL, created_by VARCHAR(255) NOT NULL, journal_version VARCHAR(100) NULL, expires_at VARCHAR(40) NOT NULL, " +
                $"path {text} NULL, file_size BIGINT NULL, verified SMALLINT NOT NULL)",
                cancellationToken);
        }

        /// <summary>Records a backup and returns it with its id.</summary>
        public async Task<MigrationBackup> AddAsync(MigrationBackup backup, CancellationToken cancellationToken)
        {
            await session.ExecuteAsync(
                $"INSERT INTO {table} (kind, source_schema, source_table, backup_schema, backup_table, primary_key, columns, where_clause, row_count, checksum, created_at, created_by, journal_version, expires_at, path, file_size, verified) " +
                "VALUES (@kind, @schema, @table, @bschema, @btable, @pk, @columns, @where, @rows, @checksum, @created, @by, @version, @expires, @path, @size, @verified)",
                new (string, object?)[]
                {
                    ("@kind", backup.Kind.ToString()),
                    ("@schema", backup.Schema),
                    ("@table", backup.Table),
                    ("@bschema", backup.BackupSchema),
                    ("@btable", backup.BackupTable),
                    ("@pk", JsonSerializer.Serialize(backup.PrimaryKey)),
                    ("@columns", JsonSerializer.Serialize(backup.Columns)),
                    ("@where", backup.Where),
                    ("@rows", backup.RowCount),
                    ("@checksum", backup.Checksum),
                    ("@created", StoredTime.Format(backup.CreatedAt)),
                    ("@by", backup.CreatedBy),
                    ("@version", backup.JournalVersion),
                    ("@expires", StoredTime.Format(backup.ExpiresAt)),
                    ("@path", backup.Path),
                    ("@size", backup.FileSize),
                    ("@verified", VerifiedValue(backup)),
                }, cancellationToken).ConfigureAwait(false);

            long id = Convert.ToInt64(await session.ScalarAsync(dialect.LastInsertIdSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return (await FindAsync(id, cancellationToken).ConfigureAwait(false))!;
        }

        /// <summary>Turns the incomplete row of a copy into the verified backup it became.</summary>
        public async Task<MigrationBackup> CompleteAsync(long id, MigrationBackup backup, CancellationToken cancellationToken)
        {
            await session.ExecuteAsync(
                $"UPDATE {table} SET row_count = @rows, checksum = @checksum, verified = @verified WHERE id = @id",
                new (string, object?)[]
                {
                    ("@rows", backup.RowCount),
                    ("@checksum", backup.Checksum),
                    ("@verified", VerifiedValue(backup)),
                    ("@id", id),
                }, cancellationToken).ConfigureAwait(false);
            return (await FindAsync(id, cancellationToken).ConfigureAwait(false))!;
        }

        // verified: 1 passed its last check, 0 failed it, -1 a copy still being made (or whose maker died).
        private const short IncompleteMark = -1;

        private static short VerifiedValue(MigrationBackup backup) => backup.Incomplete ? IncompleteMark : (short)(backup.Verified ? 1 : 0);

        /// <summary>Every backup, oldest first; empty when the catalog was never created.</summary>
        public async Task<IReadOnlyList<MigrationBackup>> ReadAsync(CancellationToken cancellationToken)
        {
            if (!await ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                return Array.Empty<MigrationBackup>();
            }

            return await session.QueryAsync($"SELECT {Columns} FROM {table} ORDER BY id", Read, cancellationToken).ConfigureAwait(false);
        }

        public async Task<MigrationBackup?> FindAsync(long id, CancellationToken cancellationToken) =>
            (await session.QueryAsync($"SELECT {Columns} FROM {table} WHERE id = @id", Read, new (string, object?)[]
            {
                ("@id", id),
            }, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

        public Task SetVerifiedAsync(long id, bool verified, CancellationToken cancellationToken) =>
            session.ExecuteAsync($"UPDATE {table} SET verified = @verified WHERE id = @id", new (string, object?)[]
            {
                ("@verified", (short)(verified ? 1 : 0)),
                ("@id", id),
            }, cancellationToken);

        public Task RemoveAsync(long id, CancellationToken cancellationToken) =>
            session.ExecuteAsync($"DELETE FROM {table} WHERE id = @id", new (string, object?)[] { ("@id", id) }, cancellationToken);

        private MigrationBackup Read(DbDataReader r) => new MigrationBackup(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), Enum.Parse<BackupKind>(r.GetString(1)), session.Target)
        {
            Schema = Text(r, 2),
            Table = Text(r, 3),
            BackupSchema = Text(r, 4),
            BackupTable = Text(r, 5),
            PrimaryKey = Text(r, 6) is string pk ? JsonSerializer.Deserialize<string[]>(pk) ?? Array.Empty<string>() : Array.Empty<string>(),
            Columns = Text(r, 7) is string columns ? JsonSerializer.Deserialize<BackupColumn[]>(columns) ?? Array.Empty<BackupColumn>() : Array.Empty<BackupColumn>(),
            Where = Text(r, 8),
            RowCount = Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture),
            Checksum = r.GetString(10),
            CreatedAt = StoredTime.Parse(r.GetString(11)),
            CreatedBy = r.GetString(12),
            JournalVersion = Text(r, 13),
            ExpiresAt = StoredTime.Parse(r.GetString(14)),
            Path = Text(r, 15),
            FileSize = r.IsDBNull(16) ? null : Convert.ToInt64(r.GetValue(16), CultureInfo.InvariantCulture),
            Verified = Convert.ToInt32(r.GetValue(17), CultureInfo.InvariantCulture) == 1,
            Incomplete = Convert.ToInt32(r.GetValue(17), CultureInfo.InvariantCulture) == IncompleteMark,
        };

        private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    }
}
