using System;
using System.Collections.Generic;
using System.Linq;
using RollbackTools.Engine.Dialects;
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

        public async Task<string> DumpAsync(DatabaseSession session, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            string tool = Find("mariadb-dump", "mysqldump");
            using var options = OptionsFile.For(session.Target);
            await RunAsync(DumpCommand(tool, session.Target, path, options.Path), null, log, cancellationToken).ConfigureAwait(false);
            var version = new ProcessStartInfo(tool);
            version.ArgumentList.Add("--version");
            (_, string output, _) = await ExternalTool.RunAsync(version, null, log, cancellationToken).ConfigureAwait(false);
            return output.Trim();
        }

        public async Task<string?> CheckAsync(string path, IEngineLog log, CancellationToken cancellationToken)
        {
            // mysqldump writes its completion line last; a dump cut short by a crash or a full disk lacks it.
            string tail = await ReadTailAsync(path, cancellationToken).ConfigureAwait(false);
            return tail.Contains(CompletionMarker, StringComparison.Ordinal) ? null : $"The file does not end with mysqldump's '{CompletionMarker}' line: the dump is incomplete.";
        }

        /// <summary>
        /// MySQL and MariaDB commit every statement of a dump on its own, so a file that fails half-way would leave
        /// the target half-replaced. It is loaded into a scratch database first; only when it loaded whole are its
        /// tables swapped in, by one RENAME TABLE, which the server carries out all or not at all.
        /// </summary>
        public async Task RestoreAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            string scratch = Scratch.ServerScratchDatabases.NameFor(target.DatabaseName, "load");
            await session.ExecuteAsync(session.Dialect.CreateDatabaseSql(scratch), cancellationToken).ConfigureAwait(false);
            try
            {
                try
                {
                    await LoadAsync(target.WithDatabase(scratch), path, log, cancellationToken).ConfigureAwait(false);
                }
                catch (RollbackToolsException ex) when (ex.ErrorId == ErrorIds.QueryFailed)
                {
                    throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The dump did not load into a scratch database, so {target.Url} was not touched: {ex.Message}", path, ex);
                }

                IReadOnlyList<string> loaded = await BaseTablesAsync(session, scratch, cancellationToken).ConfigureAwait(false);
                long others = Convert.ToInt64(await session.ScalarAsync(OtherObjectsSql, new (string, object?)[]
                {
                    ("@db", scratch),
                }, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                IReadOnlyList<string> existing = await BaseTablesAsync(session, target.DatabaseName, cancellationToken).ConfigureAwait(false);
                if (others > 0)
                {
                    // Views, triggers and routines are bound to their database and cannot be renamed across: the
                    // file, proven to load whole, goes straight in only where there is nothing to lose.
                    long there = existing.Count + Convert.ToInt64(await session.ScalarAsync(OtherObjectsSql, new (string, object?)[]
                    {
                        ("@db", target.DatabaseName),
                    }, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                    if (there > 0)
                    {
                        throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"The dump holds views, triggers or routines, which cannot be swapped in whole on MySQL/MariaDB; {target.Url} was not touched. Restore it into an empty database with -Database, then move what you need.", path);
                    }

                    await LoadAsync(target, path, log, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await SwapInAsync(session, target.DatabaseName, scratch, loaded, existing, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await session.ExecuteAsync(session.Dialect.DropDatabaseSql(scratch), CancellationToken.None).ConfigureAwait(false);
            }
        }

        private const string OtherObjectsSql =
            "SELECT (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @db AND table_type <> 'BASE TABLE')" +
            " + (SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = @db)" +
            " + (SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = @db)" +
            " + (SELECT COUNT(*) FROM information_schema.events WHERE event_schema = @db)";

        private static Task<IReadOnlyList<string>> BaseTablesAsync(DatabaseSession session, string database, CancellationToken cancellationToken) =>
            session.QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = @db AND table_type = 'BASE TABLE'", r => r.GetString(0), new (string, object?)[]
            {
                ("@db", database),
            }, cancellationToken);

        /// <summary>The target's tables of the same names go aside and the loaded ones take their place in one statement; then the old ones are dropped.</summary>
        private static async Task SwapInAsync(DatabaseSession session, string database, string scratch, IReadOnlyList<string> loaded, IReadOnlyList<string> existing, CancellationToken cancellationToken)
        {
            if (loaded.Count == 0)
            {
                return;
            }

            ISqlDialect dialect = session.Dialect;
            string aside = Scratch.ServerScratchDatabases.NameFor(database, "old");
            var replaced = existing.Where(t => loaded.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
            await session.ExecuteAsync(dialect.CreateDatabaseSql(aside), cancellationToken).ConfigureAwait(false);
            try
            {
                IEnumerable<string> moves = replaced.Select(t => $"{dialect.QualifiedName(database, t)} TO {dialect.QualifiedName(aside, t)}")
                    .Concat(loaded.Select(t => $"{dialect.QualifiedName(scratch, t)} TO {dialect.QualifiedName(database, t)}"));
                await session.ExecuteAsync("RENAME TABLE " + string.Join(", ", moves), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await session.ExecuteAsync(dialect.DropDatabaseSql(aside), CancellationToken.None).ConfigureAwait(false);
            }
        }

        /// <summary>A database name of our own beside <paramref name="database"/>, within MySQL's 64 characters.</summary>

        internal static async Task LoadAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken)
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

        internal static ProcessStartInfo Connect(ProcessStartInfo start, DatabaseTarget target, string optionsFile)
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

        internal static string Find(params string[] names) =>
            ExternalTool.Find(names) ?? throw new RollbackToolsException(
                ErrorIds.DumpToolNotFound,
                FailureCategory.ObjectNotFound,
                $"Neither {string.Join(" nor ", names)} was found on PATH. Install mariadb-client (Debian/Ubuntu: apt-get install mariadb-client) or the MySQL client.",
                names[0]);

        internal static async Task RunAsync(ProcessStartInfo start, string? input, IEngineLog log, CancellationToken cancellationToken)
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
