using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Storage;

namespace RollbackTools.Engine.RestorePoints
{
    /// <summary>rollbacktools_restore_points: every restore point taken, in the database it belongs to.</summary>
    internal sealed class RestorePointCatalog
    {
        public const string TableName = "rollbacktools_restore_points";
        private const string Columns = "name, lsn, timeline, wal_file, archived, binlog_file, binlog_position, gtid, path, created_at, created_by";

        private readonly DatabaseSession session;
        private readonly string table;

        public RestorePointCatalog(DatabaseSession session)
        {
            this.session = session;
            table = session.Dialect.QuoteIdentifier(TableName);
        }

        public Task EnsureCreatedAsync(CancellationToken cancellationToken)
        {
            string text = session.Dialect.LargeTextType;
            return session.ExecuteAsync(
                $"CREATE TABLE IF NOT EXISTS {table} (name VARCHAR(63) NOT NULL PRIMARY KEY, lsn VARCHAR(40) NULL, timeline INTEGER NULL, wal_file VARCHAR(40) NULL, archived SMALLINT NULL, " +
                $"binlog_file VARCHAR(255) NULL, binlog_position BIGINT NULL, gtid {text} NULL, path {text} NULL, created_at VARCHAR(40) NOT NULL, created_by VARCHAR(255) NOT NULL)",
                cancellationToken);
        }

        public async Task AddAsync(MigrationRestorePoint point, CancellationToken cancellationToken) =>
            await session.ExecuteAsync(
                $"INSERT INTO {table} ({Columns}) VALUES (@name, @lsn, @timeline, @wal, @archived, @file, @position, @gtid, @path, @at, @by)",
                new (string, object?)[]
                {
                    ("@name", point.Name),
                    ("@lsn", point.Lsn),
                    ("@timeline", point.Timeline),
                    ("@wal", point.WalFile),
                    ("@archived", point.Archived == null ? null : (short)(point.Archived.Value ? 1 : 0)),
                    ("@file", point.BinlogFile),
                    ("@position", point.BinlogPosition),
                    ("@gtid", point.Gtid),
                    ("@path", point.Path),
                    ("@at", StoredTime.Format(point.CreatedAt)),
                    ("@by", point.CreatedBy),
                },
                cancellationToken).ConfigureAwait(false);

        /// <summary>Every restore point, oldest first; empty when none was ever taken.</summary>
        public async Task<IReadOnlyList<MigrationRestorePoint>> ReadAsync(CancellationToken cancellationToken)
        {
            if (!await session.TableExistsAsync(null, TableName, cancellationToken).ConfigureAwait(false))
            {
                return Array.Empty<MigrationRestorePoint>();
            }

            return await session.QueryAsync(
                $"SELECT {Columns} FROM {table} ORDER BY created_at, name",
                r => new MigrationRestorePoint(r.GetString(0), session.Target)
                {
                    Lsn = r.IsDBNull(1) ? null : r.GetString(1),
                    Timeline = r.IsDBNull(2) ? null : Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture),
                    WalFile = r.IsDBNull(3) ? null : r.GetString(3),
                    Archived = r.IsDBNull(4) ? null : Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture) == 1,
                    BinlogFile = r.IsDBNull(5) ? null : r.GetString(5),
                    BinlogPosition = r.IsDBNull(6) ? null : Convert.ToInt64(r.GetValue(6), CultureInfo.InvariantCulture),
                    Gtid = r.IsDBNull(7) ? null : r.GetString(7),
                    Path = r.IsDBNull(8) ? null : r.GetString(8),
                    CreatedAt = StoredTime.Parse(r.GetString(9)),
                    CreatedBy = r.GetString(10),
                },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
