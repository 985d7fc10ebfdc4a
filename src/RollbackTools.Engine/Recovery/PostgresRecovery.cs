using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups.Dumps;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Recovery
{
    /// <summary>
    /// PostgreSQL's point-in-time recovery, done as a DBA does it by hand but never over production: a base
    /// backup taken with pg_basebackup and checked with pg_verifybackup, laid out in a folder of its own,
    /// told where the archived WAL is and where to stop, started on another port as the server's user, and
    /// handed back once it has reached the target and been promoted.
    /// </summary>
    internal sealed class PostgresRecovery : IPointInTimeRecovery
    {
        public const string MarkerFile = "rollbacktools-recovered.json";
        private static readonly TimeSpan RecoveryLimit = TimeSpan.FromMinutes(10);

        public async Task<BaseBackup> BaseBackupAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            RecoveryFolders.RequireEmpty(path, "a base backup");

            string bin = BinFolder();
            var start = new ProcessStartInfo(Path.Combine(bin, "pg_basebackup"));
            foreach (string argument in new[] { "--pgdata=" + path, "--format=plain", "--wal-method=fetch", "--checkpoint=fast", "--manifest-checksums=SHA256", "--no-password", "--host=" + target.Host, "--port=" + (target.Port ?? 5432).ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            if (!string.IsNullOrEmpty(target.UserName))
            {
                start.ArgumentList.Add("--username=" + target.UserName);
            }

            if (target.Password != null)
            {
                start.Environment["PGPASSWORD"] = SecretText.Reveal(target.Password);
            }

            try
            {
                await RunAsync(start, "pg_basebackup", log, cancellationToken).ConfigureAwait(false);
                await VerifyAsync(path, log, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                DeleteQuietly(path);
                throw;
            }

            string label = await File.ReadAllTextAsync(Path.Combine(path, "backup_label"), cancellationToken).ConfigureAwait(false);
            string? startLsn = label.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("START WAL LOCATION:", StringComparison.Ordinal))?.Split(' ')[3];
            return new BaseBackup(path, target)
            {
                StartLsn = startLsn,
                Size = new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length),
                Verified = true,
                CreatedAt = DateTimeOffset.UtcNow,
            };
        }

        public bool HoldsBaseBackup(string path) =>
            File.Exists(Path.Combine(path, "backup_label")) && File.Exists(Path.Combine(path, "backup_manifest"));

        public async Task<RecoveredDatabase> RecoverAsync(DatabaseTarget production, RecoveryRequest request, IEngineLog log, Action<string>? phase, CancellationToken cancellationToken)
        {
            if (request.Path.Length == 0 || request.WalArchive.Length == 0 || request.Port == 0)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, "A PostgreSQL copy is a server of its own: give -Path (a new folder), -Port and -WalArchive.", production);
            }

            RecoveryFolders.RequireEmpty(request.Path, "a recovered copy");

            if (!HoldsBaseBackup(request.BaseBackup))
            {
                throw new RollbackToolsException(ErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, $"'{request.BaseBackup}' is not a base backup (no backup_label and backup_manifest): take one with New-MigrationBackup -BaseBackup.", request.BaseBackup);
            }

            string bin = BinFolder();

            // Checked again before use: a folder kept for weeks can lose a file or a byte, and a copy built from it would be wrong without saying so.
            phase?.Invoke($"Verifying the base backup {request.BaseBackup} against its manifest");
            await VerifyAsync(request.BaseBackup, log, cancellationToken).ConfigureAwait(false);

            var server = new ServerProcess(bin, request.Path, request.Port, request.ServerUser);
            try
            {
                phase?.Invoke($"Laying out the base backup in {request.Path}");
                CopyFolder(request.BaseBackup, request.Path);
                string target = request.PointInTime is DateTimeOffset time
                    ? $"recovery_target_time = '{time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00'"
                    : $"recovery_target_name = '{request.RestorePoint!.Replace("'", "''", StringComparison.Ordinal)}'";
                string archive = Path.GetFullPath(request.WalArchive).Replace("'", "''", StringComparison.Ordinal);

                // Appended last, so it wins over what production's own postgresql.auto.conf says; the copy never archives into production's archive.
                await File.AppendAllLinesAsync(Path.Combine(request.Path, "postgresql.auto.conf"), new[]
                {
                    "# RollbackTools: a copy recovered beside production",
                    $"port = {request.Port.ToString(CultureInfo.InvariantCulture)}",
                    "listen_addresses = '127.0.0.1'",
                    $"unix_socket_directories = '{request.Path.Replace("'", "''", StringComparison.Ordinal)}'",
                    "archive_mode = off",
                    $"restore_command = 'cp \"{archive}/%f\" \"%p\"'",
                    target,
                    "recovery_target_action = 'promote'",
                }, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(request.Path, "recovery.signal"), string.Empty, cancellationToken).ConfigureAwait(false);
                foreach (string leftover in new[] { "postmaster.pid", "postmaster.opts", "standby.signal" })
                {
                    File.Delete(Path.Combine(request.Path, leftover));
                }

                await File.WriteAllTextAsync(Path.Combine(request.Path, MarkerFile), JsonSerializer.Serialize(new Marker(request.Port, request.ServerUser, bin)), cancellationToken).ConfigureAwait(false);
                await server.PrepareFolderAsync(log, cancellationToken).ConfigureAwait(false);

                phase?.Invoke($"Replaying archived WAL to {Describe(request)} on port {request.Port}");
                await server.StartAsync(log, cancellationToken).ConfigureAwait(false);
                DatabaseTarget copy = production.WithServer("127.0.0.1", request.Port);
                await WaitPromotedAsync(copy, server, log, cancellationToken).ConfigureAwait(false);
                log.Verbose($"{copy.Url} reached {Describe(request)} and was promoted.");
                return new RecoveredDatabase(copy, request.Path, request.Port, Describe(request));
            }
            catch
            {
                // Whatever stopped it (a target never reached, Ctrl+C), no half-recovered copy stays behind.
                await server.StopQuietlyAsync(log).ConfigureAwait(false);
                DeleteQuietly(request.Path);
                throw;
            }
        }

        public async Task RemoveAsync(RecoveredDatabase copy, IEngineLog log, CancellationToken cancellationToken)
        {
            string path = copy.Path;
            string marker = Path.Combine(path, MarkerFile);
            if (!File.Exists(marker))
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"'{path}' is not a copy Restore-MigrationDatabase made (no {MarkerFile}); it is left as it is.", path);
            }

            Marker made = JsonSerializer.Deserialize<Marker>(await File.ReadAllTextAsync(marker, cancellationToken).ConfigureAwait(false))!;
            await new ServerProcess(made.Bin, path, made.Port, made.ServerUser).StopQuietlyAsync(log).ConfigureAwait(false);
            Directory.Delete(path, recursive: true);
        }

        private static string Describe(RecoveryRequest request) =>
            request.PointInTime is DateTimeOffset time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : $"restore point {request.RestorePoint}";

        private static async Task WaitPromotedAsync(DatabaseTarget copy, ServerProcess server, IEngineLog log, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await using DatabaseSession session = await DatabaseSession.OpenAsync(copy, log, cancellationToken).ConfigureAwait(false);
                    if (!Convert.ToBoolean(await session.ScalarAsync("SELECT pg_is_in_recovery()", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture))
                    {
                        return;
                    }
                }
                catch (RollbackToolsException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Still replaying and not yet accepting connections, unless the server is gone.
                    if (!server.IsRunning())
                    {
                        throw new RollbackToolsException(ErrorIds.RecoveryFailed, FailureCategory.InvalidOperation, $"The recovered copy stopped before it reached its target: {server.LogTail()}", copy, ex);
                    }
                }

                if (!server.IsRunning())
                {
                    throw new RollbackToolsException(ErrorIds.RecoveryFailed, FailureCategory.InvalidOperation, $"The recovered copy stopped before it reached its target: {server.LogTail()}", copy);
                }

                if (clock.Elapsed > RecoveryLimit)
                {
                    throw new RollbackToolsException(ErrorIds.RecoveryFailed, FailureCategory.OperationStopped, $"The recovered copy had not reached its target after {RecoveryLimit.TotalMinutes:0} minutes: {server.LogTail()}", copy);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The newest PostgreSQL's programs: Debian keeps them in /usr/lib/postgresql/N/bin, elsewhere they are on PATH.</summary>
        private static string BinFolder()
        {
            string? versioned = PgDumpTool.VersionedBinFolders().FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")));
            string? onPath = ExternalTool.Find(new[] { "pg_ctl" });
            return versioned ?? (onPath == null ? null : Path.GetDirectoryName(onPath))
                ?? throw new RollbackToolsException(ErrorIds.DumpToolNotFound, FailureCategory.ObjectNotFound, "pg_ctl and pg_basebackup were not found: install the PostgreSQL server package (Debian/Ubuntu: apt-get install postgresql).", "pg_ctl");
        }

        /// <summary>pg_verifybackup: every file there with the manifest's size (and, in full, its SHA-256), and the WAL the backup needs readable.</summary>
        public async Task<string?> CheckBaseBackupAsync(string path, bool full, IEngineLog log, CancellationToken cancellationToken)
        {
            if (!HoldsBaseBackup(path))
            {
                return $"'{path}' holds no backup_label and backup_manifest.";
            }

            var verify = new ProcessStartInfo(Path.Combine(BinFolder(), "pg_verifybackup"));
            if (!full)
            {
                verify.ArgumentList.Add("--skip-checksums");
            }

            verify.ArgumentList.Add(path);
            (int exit, _, string error) = await ExternalTool.RunAsync(verify, null, log, cancellationToken).ConfigureAwait(false);
            return exit == 0 ? null : error.Trim();
        }

        private async Task VerifyAsync(string path, IEngineLog log, CancellationToken cancellationToken)
        {
            if (await CheckBaseBackupAsync(path, full: true, log, cancellationToken).ConfigureAwait(false) is string why)
            {
                throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The base backup in '{path}' does not match its manifest, so nothing was built from it: {why}", path);
            }
        }

        private static async Task RunAsync(ProcessStartInfo start, string name, IEngineLog log, CancellationToken cancellationToken)
        {
            (int exit, _, string error) = await ExternalTool.RunAsync(start, null, log, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new RollbackToolsException(ErrorIds.RecoveryFailed, FailureCategory.InvalidOperation, $"{name} failed (exit {exit}): {error.Trim()}", name);
            }
        }

        private static void CopyFolder(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
            }

            foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
            }
        }

        private static void DeleteQuietly(string path)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
            catch (IOException)
            {
                // What cannot be deleted stays; the error that brought us here says more.
            }
        }

        private sealed record Marker(int Port, string? ServerUser, string Bin);

        /// <summary>pg_ctl for the copy, run as the server's user when this process is root (PostgreSQL refuses root).</summary>
        private sealed class ServerProcess
        {
            private readonly string bin;
            private readonly string data;
            private readonly int port;
            private readonly string? user;

            public ServerProcess(string bin, string data, int port, string? user)
            {
                this.bin = bin;
                this.data = data;
                this.port = port;
                this.user = user;
            }

            public async Task PrepareFolderAsync(IEngineLog log, CancellationToken cancellationToken)
            {
                if (user != null)
                {
                    var chown = new ProcessStartInfo("chown");
                    foreach (string argument in new[] { "-R", user, data })
                    {
                        chown.ArgumentList.Add(argument);
                    }

                    await RunAsync(chown, "chown", log, cancellationToken).ConfigureAwait(false);
                }

                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            public async Task StartAsync(IEngineLog log, CancellationToken cancellationToken)
            {
                try
                {
                    await RunAsync(Command("start", "-l", Path.Combine(data, "recovery.log")), "pg_ctl start", log, cancellationToken).ConfigureAwait(false);
                }
                catch (RollbackToolsException ex) when (ex.ErrorId == ErrorIds.RecoveryFailed)
                {
                    // pg_ctl says only that the server did not start; its log says why (a target never reached, a missing segment).
                    throw new RollbackToolsException(ErrorIds.RecoveryFailed, FailureCategory.InvalidOperation, $"The recovered copy did not start: {LogTail()}", data, ex);
                }
            }

            public bool IsRunning() => File.Exists(Path.Combine(data, "postmaster.pid"));

            public string LogTail()
            {
                string file = Path.Combine(data, "recovery.log");
                if (!File.Exists(file))
                {
                    return "no server log";
                }

                string[] lines = File.ReadAllLines(file);
                return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 4)));
            }

            public async Task StopQuietlyAsync(IEngineLog log)
            {
                if (!IsRunning())
                {
                    return;
                }

                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await RunAsync(Command("stop", "-m", "fast"), "pg_ctl stop", log, limit.Token).ConfigureAwait(false);
                }
                catch (RollbackToolsException ex)
                {
                    log.Warning($"The recovered copy in {data} (port {port}) could not be stopped: {ex.Message}");
                }
            }

            private ProcessStartInfo Command(string action, params string[] extra)
            {
                string pgCtl = Path.Combine(bin, "pg_ctl");
                var arguments = new List<string> { action, "-D", data, "-w" };
                arguments.AddRange(extra);
                ProcessStartInfo start;
                if (user == null)
                {
                    start = new ProcessStartInfo(pgCtl);
                }
                else
                {
                    start = new ProcessStartInfo("runuser");
                    foreach (string argument in new[] { "-u", user, "--", pgCtl })
                    {
                        start.ArgumentList.Add(argument);
                    }
                }

                foreach (string argument in arguments)
                {
                    start.ArgumentList.Add(argument);
                }

                return start;
            }
        }
    }

    /// <summary>What Restore-MigrationDatabase asks for: the base backup, the archive, where to stop, and where the copy goes.</summary>
    internal sealed record RecoveryRequest(string BaseBackup, string WalArchive, string Path, int Port, string? RestorePoint, DateTimeOffset? PointInTime, string? ServerUser);
}
