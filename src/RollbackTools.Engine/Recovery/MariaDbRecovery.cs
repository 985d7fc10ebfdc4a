using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups.Dumps;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.RestorePoints;

namespace RollbackTools.Engine.Recovery
{
    /// <summary>
    /// MariaDB and MySQL recover to a point by replaying the binary log onto a dump: the base backup is a dump
    /// taken in one transaction with the log position it matches, and a recovered copy is a scratch database on
    /// the same server, loaded from the dump and brought forward by the log from that position to the restore
    /// point, only the events of this database, renamed into the copy.
    /// </summary>
    internal sealed class MariaDbRecovery : IPointInTimeRecovery
    {
        private const string DumpFile = "dump.sql";
        private const string PositionFile = "binlog-position.json";
        private const string CopyPurpose = "recovered";
        private static readonly Regex ChangeMaster = new Regex(@"CHANGE (MASTER|REPLICATION SOURCE) TO (MASTER|SOURCE)_LOG_FILE='(?<file>[^']+)', (MASTER|SOURCE)_LOG_POS=(?<pos>\d+)", RegexOptions.CultureInvariant);

        public async Task<BaseBackup> BaseBackupAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            RecoveryFolders.RequireEmpty(path, "a base backup");

            await using (DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false))
            {
                if (await new MySqlRestorePoints().CheckAsync(session, cancellationToken).ConfigureAwait(false) is string why)
                {
                    throw RestorePointErrors.Unavailable(session, why);
                }
            }

            Directory.CreateDirectory(path);
            string dump = Path.Combine(path, DumpFile);
            try
            {
                string tool = MySqlDumpTool.Find("mariadb-dump", "mysqldump");
                using var options = MySqlDumpTool.OptionsFile.For(target);
                ProcessStartInfo start = MySqlDumpTool.DumpCommand(tool, target, dump, options.Path);

                // The log position the consistent snapshot matches, written into the dump as a comment.
                start.ArgumentList.Insert(start.ArgumentList.Count - 1, "--master-data=2");
                await MySqlDumpTool.RunAsync(start, null, log, cancellationToken).ConfigureAwait(false);
                if (await new MySqlDumpTool().CheckAsync(dump, log, cancellationToken).ConfigureAwait(false) is string incomplete)
                {
                    throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, incomplete, dump);
                }

                Match position = ChangeMaster.Match(await ReadHeadAsync(dump, cancellationToken).ConfigureAwait(false));
                if (!position.Success)
                {
                    throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, "The dump does not say the binary-log position it was taken at; it cannot start a replay.", dump);
                }

                var backup = new BaseBackup(path, target)
                {
                    BinlogFile = position.Groups["file"].Value,
                    BinlogPosition = long.Parse(position.Groups["pos"].Value, CultureInfo.InvariantCulture),
                    Size = new FileInfo(dump).Length,
                    Verified = true,
                    CreatedAt = DateTimeOffset.UtcNow,
                };
                await File.WriteAllTextAsync(Path.Combine(path, PositionFile), JsonSerializer.Serialize(new Position(backup.BinlogFile, backup.BinlogPosition.Value, target.DatabaseName, backup.CreatedAt, await DumpFiles.Sha256Async(dump, cancellationToken).ConfigureAwait(false))), cancellationToken).ConfigureAwait(false);
                return backup;
            }
            catch
            {
                Directory.Delete(path, recursive: true);
                throw;
            }
        }

        public bool HoldsBaseBackup(string path) =>
            File.Exists(Path.Combine(path, PositionFile)) && File.Exists(Path.Combine(path, DumpFile));

        public async Task<RecoveredDatabase> RecoverAsync(DatabaseTarget production, RecoveryRequest request, IEngineLog log, Action<string>? phase, CancellationToken cancellationToken)
        {
            string dumpFile = Path.Combine(request.BaseBackup, DumpFile);
            if (!HoldsBaseBackup(request.BaseBackup))
            {
                throw new RollbackToolsException(ErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, $"'{request.BaseBackup}' is not a base backup of MariaDB or MySQL (no {DumpFile} with its {PositionFile}): take one with New-MigrationBackup -BaseBackup.", request.BaseBackup);
            }

            Position from = await ReadPositionAsync(request.BaseBackup, cancellationToken).ConfigureAwait(false);
            phase?.Invoke($"Verifying the base backup {dumpFile}");
            if (await CheckDumpAsync(dumpFile, from, log, cancellationToken).ConfigureAwait(false) is string why)
            {
                throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The base backup '{dumpFile}' cannot be trusted, so nothing was built from it. {why}", dumpFile);
            }

            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(production, log, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> logs = await session.QueryAsync("SHOW BINARY LOGS", r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            ReplayEnd end = request.RestorePoint != null
                ? await ToRestorePointAsync(session, request.RestorePoint, cancellationToken).ConfigureAwait(false)
                : await ToPointInTimeAsync(session, request.PointInTime!.Value, from.TakenAt ?? File.GetLastWriteTimeUtc(dumpFile), cancellationToken).ConfigureAwait(false);
            string[] replayed = logs.Where(l => string.CompareOrdinal(l, from.File) >= 0 && (end.LastFile == null || string.CompareOrdinal(l, end.LastFile) <= 0)).ToArray();
            if ((end.LastFile != null && string.CompareOrdinal(from.File, end.LastFile) > 0) || replayed.Length == 0 || replayed[0] != from.File)
            {
                throw new RollbackToolsException(ErrorIds.RecoveryFailed, FailureCategory.InvalidOperation, $"The binary log from {from.File}:{from.Offset} to {end.Description} is not all on the server (it has {string.Join(", ", logs)}), or the base backup is newer than the target.", production);
            }

            DatabaseTarget copy = await session.ScratchDatabases.CreateAsync(session, CopyPurpose, cancellationToken).ConfigureAwait(false);
            string events = Path.Combine(Path.GetTempPath(), $"rbt-binlog-{Guid.NewGuid():N}.sql");
            try
            {
                phase?.Invoke($"Loading the base backup into {copy.DatabaseName}");
                await MySqlDumpTool.LoadAsync(copy, Path.Combine(request.BaseBackup, DumpFile), log, cancellationToken).ConfigureAwait(false);

                phase?.Invoke($"Replaying the binary log from {from.File}:{from.Offset} to {end.Description}");
                string tool = MySqlDumpTool.Find("mariadb-binlog", "mysqlbinlog");
                using (var options = MySqlDumpTool.OptionsFile.For(production))
                {
                    ProcessStartInfo start = MySqlDumpTool.Connect(new ProcessStartInfo(tool), production, options.Path);

                    // --stop-datetime is read in the tool's own time zone; the events carry UTC seconds.
                    start.Environment["TZ"] = "UTC";

                    // MariaDB filters on the name the events were written with, then renames them into the copy.
                    foreach (string argument in new[] { "--read-from-remote-server", $"--start-position={from.Offset}", end.StopArgument, $"--rewrite-db={from.Database}->{copy.DatabaseName}", $"--database={from.Database}", "--result-file=" + events })
                    {
                        start.ArgumentList.Add(argument);
                    }

                    foreach (string file in replayed)
                    {
                        start.ArgumentList.Add(file);
                    }

                    await MySqlDumpTool.RunAsync(start, null, log, cancellationToken).ConfigureAwait(false);
                }

                await MySqlDumpTool.LoadAsync(copy, events, log, cancellationToken).ConfigureAwait(false);
                log.Verbose($"{copy.Url} holds {from.Database} as it was at {end.RecoveredTo}.");
                return new RecoveredDatabase(copy, string.Empty, copy.Port ?? 3306, end.RecoveredTo);
            }
            catch
            {
                // A copy that did not come whole is not kept.
                await session.ScratchDatabases.DropAsync(session, copy, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            finally
            {
                File.Delete(events);
            }
        }

        public async Task RemoveAsync(RecoveredDatabase copy, IEngineLog log, CancellationToken cancellationToken)
        {
            if (!copy.Target.DatabaseName.Contains($"_rbt_{CopyPurpose}_", StringComparison.Ordinal))
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"{copy.Target.DatabaseName} is not a copy Restore-MigrationDatabase made; it is left as it is.", copy.Target);
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(copy.Target, log, cancellationToken).ConfigureAwait(false);
            await session.ScratchDatabases.DropAsync(session, copy.Target, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<string> ReadHeadAsync(string path, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(path);
            char[] buffer = new char[64 * 1024];
            int read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            return new string(buffer, 0, read);
        }

        /// <summary>
        /// A dump that lost its tail, or a byte, would load into the copy as far as it goes and the copy would be
        /// wrong without saying so: mysqldump's last line tells a dump cut short, and in full the SHA-256 taken with
        /// it tells any change (base backups of earlier releases have none and get the first check only).
        /// </summary>
        public async Task<string?> CheckBaseBackupAsync(string path, bool full, IEngineLog log, CancellationToken cancellationToken)
        {
            if (!HoldsBaseBackup(path))
            {
                return $"'{path}' holds no {DumpFile} with its {PositionFile}.";
            }

            Position? taken = full ? await ReadPositionAsync(path, cancellationToken).ConfigureAwait(false) : null;
            return await CheckDumpAsync(Path.Combine(path, DumpFile), taken, log, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The dump's last line, and with <paramref name="taken"/> its SHA-256 against the one recorded with it.</summary>
        private static async Task<string?> CheckDumpAsync(string dump, Position? taken, IEngineLog log, CancellationToken cancellationToken)
        {
            string? why = await new MySqlDumpTool().CheckAsync(dump, log, cancellationToken).ConfigureAwait(false);
            if (why == null && taken?.Sha256 != null && await DumpFiles.Sha256Async(dump, cancellationToken).ConfigureAwait(false) != taken.Sha256)
            {
                why = "Its SHA-256 is not the one recorded when it was taken: the file changed since.";
            }

            return why;
        }

        private static async Task<Position> ReadPositionAsync(string path, CancellationToken cancellationToken) =>
            JsonSerializer.Deserialize<Position>(await File.ReadAllTextAsync(Path.Combine(path, PositionFile), cancellationToken).ConfigureAwait(false))!;

        private static async Task<ReplayEnd> ToRestorePointAsync(DatabaseSession session, string name, CancellationToken cancellationToken)
        {
            MigrationRestorePoint point = (await new RestorePointCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Name == name)
                ?? throw new RollbackToolsException(ErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, $"{session.Target.Url} has no restore point named {name}.", name);
            return new ReplayEnd($"--stop-position={point.BinlogPosition}", point.BinlogFile, $"restore point {point.Name} ({point.BinlogFile}:{point.BinlogPosition})", $"restore point {point.Name}");
        }

        /// <summary>
        /// The binary log stamps events to the second: the copy holds what was written before the second
        /// asked for, from every log file the server still has after the base backup's.
        /// </summary>
        private static async Task<ReplayEnd> ToPointInTimeAsync(DatabaseSession session, DateTimeOffset time, DateTimeOffset takenAt, CancellationToken cancellationToken)
        {
            DateTime stop = time.UtcDateTime.AddTicks(-(time.UtcDateTime.Ticks % TimeSpan.TicksPerSecond));
            string stamp = stop.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (stop < takenAt.UtcDateTime)
            {
                throw new RollbackToolsException(ErrorIds.RecoveryFailed, FailureCategory.InvalidArgument, $"The base backup was taken at {takenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, after {stamp} UTC: recover from an older base backup.", time);
            }

            // The server's clock, not this machine's, stamped the events.
            DateTime serverNow = DateTime.SpecifyKind(Convert.ToDateTime((await session.QueryAsync("SELECT UTC_TIMESTAMP()", r => r.GetValue(0), cancellationToken).ConfigureAwait(false))[0], CultureInfo.InvariantCulture), DateTimeKind.Utc);
            if (stop > serverNow)
            {
                throw new RollbackToolsException(ErrorIds.RecoveryFailed, FailureCategory.InvalidArgument, $"{stamp} UTC is later than the server's clock ({serverNow:yyyy-MM-dd HH:mm:ss} UTC): the binary log cannot reach it yet.", time);
            }

            return new ReplayEnd($"--stop-datetime={stamp}", null, $"{stamp} UTC", $"{stamp} UTC");
        }

        /// <summary>Where a replay stops: the tool's argument, the last log file it needs (null: all there are), and how to name it.</summary>
        private sealed record ReplayEnd(string StopArgument, string? LastFile, string Description, string RecoveredTo);

        /// <summary>Where the dump's snapshot sits in the binary log, when it was taken and the dump's SHA-256 (the last two absent in base backups of earlier releases).</summary>
        private sealed record Position(string File, long Offset, string Database, DateTimeOffset? TakenAt = null, string? Sha256 = null);
    }
}
