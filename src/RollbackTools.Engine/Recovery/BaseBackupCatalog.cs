using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Storage;

namespace RollbackTools.Engine.Recovery
{
    /// <summary>rollbacktools_base_backups: the base backups taken of this database, so readiness can tell how old the newest is.</summary>
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

        /// <summary>When the newest verified base backup was taken; null when none was ever recorded.</summary>
        public async Task<DateTimeOffset?> NewestAsync(CancellationToken cancellationToken)
        {
            if (!await session.TableExistsAsync(null, TableName, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            IReadOnlyList<string> times = await session.QueryAsync($"SELECT created_at FROM {table} WHERE verified = 1", r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            DateTimeOffset? newest = null;
            foreach (string time in times)
            {
                DateTimeOffset at = StoredTime.Parse(time);
                newest = newest == null || at > newest ? at : newest;
            }

            return newest;
        }
    }
}
