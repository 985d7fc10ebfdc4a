using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>
    /// mysqldump (or mariadb-dump) in one consistent transaction with routines and triggers. The password
    /// goes in a 0600 options file that only this process can read, never on the command line.
    /// </summary>
    internal sealed class MySqlDumpTool : IDumpTool
    {
        private const string CompletionMarker = "-- Dump completed";

        public async Task DumpAsync(DatabaseSession session, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            string tool = Find("mariadb-dump", "mysqldump");
            using var options = OptionsFile.For(session.Target);
            await RunAsync(DumpCommand(tool, session.Target, path, options.Path), null, log, cancellationToken).ConfigureAwait(false);
        }

        public async Task<string?> CheckAsync(string path, IEngineLog log, CancellationToken cancellationToken)
        {
            // mysqldump writes its completion line last; a dump cut short by a crash or a full disk lacks it.
            string tail = await ReadTailAsync(path, cancellationToken).ConfigureAwait(false);
            return tail.Contains(CompletionMarker, StringComparison.Ordinal) ? null : $"The file does not end with mysqldump's '{CompletionMarker}' line: the dump is incomplete.";
        }

        public async Task RestoreAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            string tool = Find("mariadb", "mysql");
            using var options = OptionsFile.For(target);
            ProcessStartInfo start = Connect(new ProcessStartInfo(tool), target, options.Path);
            start.ArgumentList.Add(target.DatabaseName);
            await RunAsync(start, path, log, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The mysqldump command line; internal so a test can prove the password is not on it.</summary>
        internal static ProcessStartInfo DumpCommand(string tool, DatabaseTarget target, string path, string optionsFile)
        {
            ProcessStartInfo start = Connect(new ProcessStartInfo(tool), target, optionsFile);
            start.ArgumentList.Add("--single-transaction");
            start.ArgumentList.Add("--routines");
            start.ArgumentList.Add("--triggers");
            start.ArgumentList.Add("--result-file=" + path);
            start.ArgumentList.Add(target.DatabaseName);
            return start;
        }

        private static ProcessStartInfo Connect(ProcessStartInfo start, DatabaseTarget target, string optionsFile)
        {
            // The options file must be the first argument, or the client ignores it.
            start.ArgumentList.Add("--defaults-extra-file=" + optionsFile);
            start.ArgumentList.Add("--host=" + target.Host);
            start.ArgumentList.Add("--port=" + (target.Port ?? 3306).ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--protocol=TCP");
            if (!string.IsNullOrEmpty(target.UserName))
            {
                start.ArgumentList.Add("--user=" + target.UserName);
            }

            return start;
        }

        private static string Find(params string[] names) =>
            ExternalTool.Find(names) ?? throw new RollbackToolsException(
                ErrorIds.DumpToolNotFound,
                FailureCategory.ObjectNotFound,
                $"Neither {string.Join(" nor ", names)} was found on PATH. Install mariadb-client (Debian/Ubuntu: apt-get install mariadb-client) or the MySQL client.",
                names[0]);

        private static async Task RunAsync(ProcessStartInfo start, string? input, IEngineLog log, CancellationToken cancellationToken)
        {
            (int exit, _, string error) = await ExternalTool.RunAsync(start, input, log, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new RollbackToolsException(ErrorIds.QueryFailed, FailureCategory.InvalidOperation, $"{Path.GetFileName(start.FileName)} failed (exit {exit}): {error.Trim()}", start.FileName);
            }
        }

        private static async Task<string> ReadTailAsync(string path, CancellationToken cancellationToken)
        {
            await using FileStream file = File.OpenRead(path);
            file.Seek(Math.Max(0, file.Length - 512), SeekOrigin.Begin);
            var buffer = new byte[512];
            int read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }

        /// <summary>A [client] options file holding the password, readable by this user only, deleted after use.</summary>
        internal sealed class OptionsFile : IDisposable
        {
            private OptionsFile(string path)
            {
                Path = path;
            }

            public string Path { get; }

            public static OptionsFile For(DatabaseTarget target)
            {
                string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rollbacktools-" + Guid.NewGuid().ToString("N") + ".cnf");
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
                {
                    writer.WriteLine("[client]");
                    if (target.Password != null)
                    {
                        string secret = SecretText.Reveal(target.Password).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
                        writer.WriteLine($"password=\"{secret}\"");
                    }
                }

                return new OptionsFile(path);
            }

            public void Dispose() => File.Delete(Path);
        }
    }
}
