using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.RestorePoints
{
    /// <summary>
    /// PostgreSQL recovers to a named point by replaying archived WAL onto a base backup, so the point is only
    /// worth something when archiving works: archive_mode on, a WAL level that can be replayed, and an archiver
    /// that is not failing. The segment holding the point is switched out so it reaches the archive now.
    /// </summary>
    internal sealed class PostgresRestorePoints : IRestorePointTaker
    {
        private static readonly TimeSpan ArchiveWait = TimeSpan.FromSeconds(30);

        public async Task<string?> CheckAsync(DatabaseSession session, CancellationToken cancellationToken)
        {
            if (await TextAsync(session, "SHOW archive_mode", cancellationToken).ConfigureAwait(false) == "off")
            {
                return "archive_mode is off: set archive_mode = on and an archive_command (for example 'cp %p /archive/%f'), then restart the server, and take a base backup.";
            }

            if (await TextAsync(session, "SHOW wal_level", cancellationToken).ConfigureAwait(false) == "minimal")
            {
                return "wal_level is minimal, which cannot be replayed: set wal_level = replica and restart the server.";
            }

            (_, DateTimeOffset? archivedAt, string? lastFailed, DateTimeOffset? failedAt) = await ArchiverAsync(session, cancellationToken).ConfigureAwait(false);
            return failedAt != null && (archivedAt == null || failedAt > archivedAt)
                ? $"archiving fails: WAL segment {lastFailed} could not be archived at {failedAt:u} and none has been since. Fix archive_command (the server log says why)."
                : null;
        }

        public async Task<MigrationRestorePoint> TakeAsync(DatabaseSession session, string name, IEngineLog log, CancellationToken cancellationToken)
        {
            if (await CheckAsync(session, cancellationToken).ConfigureAwait(false) is string why)
            {
                throw RestorePointErrors.Unavailable(session, why);
            }

            var parameters = new (string, object?)[] { ("@name", name) };
            string lsn = Convert.ToString(await session.ScalarAsync("SELECT pg_create_restore_point(@name)::text", parameters, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)!;
            string wal = Convert.ToString(await session.ScalarAsync("SELECT pg_walfile_name(CAST(@lsn AS pg_lsn))", new (string, object?)[] { ("@lsn", lsn) }, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)!;
            await session.ScalarAsync("SELECT pg_switch_wal()::text", cancellationToken).ConfigureAwait(false);

            var point = new MigrationRestorePoint(name, session.Target)
            {
                Lsn = lsn,
                WalFile = wal,
                Timeline = int.Parse(wal.Substring(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                Archived = await WaitArchivedAsync(session, wal, cancellationToken).ConfigureAwait(false),
            };
            if (point.Archived == false)
            {
                log.Warning($"Restore point {name} is in WAL segment {wal}, which had not reached the archive after {ArchiveWait.TotalSeconds:0} s: check archive_command before relying on it.");
            }

            return point;
        }

        private static async Task<bool> WaitArchivedAsync(DatabaseSession session, string wal, CancellationToken cancellationToken)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                (string? lastArchived, _, _, _) = await ArchiverAsync(session, cancellationToken).ConfigureAwait(false);

                // Segment names of one timeline sort as their order in the WAL.
                if (lastArchived != null && string.CompareOrdinal(lastArchived.Substring(0, Math.Min(24, lastArchived.Length)), wal) >= 0)
                {
                    return true;
                }

                if (clock.Elapsed >= ArchiveWait)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<(string?, DateTimeOffset?, string?, DateTimeOffset?)> ArchiverAsync(DatabaseSession session, CancellationToken cancellationToken)
        {
            IReadOnlyList<(string?, DateTimeOffset?, string?, DateTimeOffset?)> rows = await session.QueryAsync(
                "SELECT last_archived_wal, last_archived_time, last_failed_wal, last_failed_time FROM pg_stat_archiver",
                r => (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : (DateTimeOffset?)new DateTimeOffset(r.GetDateTime(1).ToUniversalTime()), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : (DateTimeOffset?)new DateTimeOffset(r.GetDateTime(3).ToUniversalTime())),
                cancellationToken).ConfigureAwait(false);
            return rows[0];
        }

        private static async Task<string> TextAsync(DatabaseSession session, string sql, CancellationToken cancellationToken) =>
            Convert.ToString(await session.ScalarAsync(sql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;

    }
}
