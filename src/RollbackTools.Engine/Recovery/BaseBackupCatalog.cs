using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Storage;

namespace RollbackTools.Engine.Recovery
{
    /// <summary>rollbacktools_base_backups: the base backups taken of this database, to list them and so readiness can tell how old the newest is and check it is still there.</summary>
    internal sealed class BaseBackupCatalog
    {
        public const string TableName = "rollbacktools_base_backups";

        private readonly DatabaseSession session;
        private readonly string table;

        public BaseBackupCatalog(DatabaseSession session)
        {
            this.session = session;
            table = session.Dialect.QuoteIdentifier(TableName);
        }

        public async Task AddAsync(BaseBackup backup, string createdBy, CancellationToken cancellationToken)
        {
            string text = session.Dialect.LargeTextType;
            await session.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {table} (path {text} NOT NULL, start_position VARCHAR(300) NULL, size BIGINT NOT NULL, verified SMALLINT NOT NULL, created_at VARCHAR(40) NOT NULL, created_by VARCHAR(255) NOT NULL)", cancellationToken).ConfigureAwait(false);
            await session.ExecuteAsync(
                $"INSERT INTO {table} (path, start_position, size, verified, created_at, created_by) VALUES (@path, @start, @size, @verified, @at, @by)",
                new (string, object?)[]
                {
                    ("@path", backup.Path),
                    ("@start", backup.StartLsn ?? $"{backup.BinlogFile}:{backup.BinlogPosition}"),
                    ("@size", backup.Size),
                    ("@verified", (short)(backup.Verified ? 1 : 0)),
                    ("@at", StoredTime.Format(backup.CreatedAt)),
                    ("@by", createdBy),
                },
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Every base backup recorded, oldest first; none when none was ever taken.</summary>
        public async Task<IReadOnlyList<BaseBackup>> ReadAsync(CancellationToken cancellationToken)
        {
            if (!await session.TableExistsAsync(null, TableName, cancellationToken).ConfigureAwait(false))
            {
                return Array.Empty<BaseBackup>();
            }

            IReadOnlyList<BaseBackup> backups = await session.QueryAsync(
                $"SELECT path, start_position, size, verified, created_at FROM {table}",
                r => Describe(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture) == 1, StoredTime.Parse(r.GetString(4))),
                cancellationToken).ConfigureAwait(false);
            return backups.OrderBy(b => b.CreatedAt).ToList();
        }

        /// <summary>Forgets the base backup kept in <paramref name="path"/>; false when the catalog did not know it.</summary>
        public async Task<bool> RemoveAsync(string path, CancellationToken cancellationToken) =>
            await session.TableExistsAsync(null, TableName, cancellationToken).ConfigureAwait(false)
            && await session.ExecuteAsync($"DELETE FROM {table} WHERE path = @path", new (string, object?)[] { ("@path", path) }, cancellationToken).ConfigureAwait(false) > 0;

        // The start is stored as written: a WAL position (1A/3F000028), or a binary-log file and offset (binlog.000042:328).
        private BaseBackup Describe(string path, string? start, long size, bool verified, DateTimeOffset createdAt)
        {
            var backup = new BaseBackup(path, session.Target) { Size = size, Verified = verified, CreatedAt = createdAt };
            int colon = start?.LastIndexOf(':') ?? -1;
            if (start != null && colon > 0 && long.TryParse(start.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long offset))
            {
                backup.BinlogFile = start[..colon];
                backup.BinlogPosition = offset;
            }
            else
            {
                backup.StartLsn = start;
            }

            return backup;
        }
    }
}
