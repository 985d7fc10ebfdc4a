using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>pg_dump in custom format, checked with pg_restore --list. The password travels in PGPASSWORD only.</summary>
    internal sealed class PgDumpTool : IDumpTool
    {
        public async Task<string> DumpAsync(DatabaseSession session, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            int serverMajor = Convert.ToInt32(await session.ScalarAsync("SELECT current_setting('server_version_num')::int / 10000", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            (string tool, string version) = await FindAsync("pg_dump", serverMajor, log, cancellationToken).ConfigureAwait(false);
            ProcessStartInfo start = DumpCommand(tool, session.Target, path);
            await RunAsync(start, null, "pg_dump", log, cancellationToken).ConfigureAwait(false);
            return version;
        }

        public async Task<string?> CheckAsync(string path, IEngineLog log, CancellationToken cancellationToken)
        {
            (string tool, _) = await FindAsync("pg_restore", 0, log, cancellationToken).ConfigureAwait(false);

            // The table of contents sits at the front, so a file cut after it still lists (--list). Rendering the
            // whole restore script, with nowhere to send it, reads the contents and decompresses every data
            // block; it refuses a file that is no custom-format archive as --list does.
            var whole = new ProcessStartInfo(tool);
            whole.ArgumentList.Add("--file=" + (OperatingSystem.IsWindows() ? "NUL" : "/dev/null"));
            whole.ArgumentList.Add(path);
            (int exit, _, string error) = await ExternalTool.RunAsync(whole, null, log, cancellationToken).ConfigureAwait(false);
            return exit == 0 ? null : $"pg_restore cannot read all of it: {error.Trim()}";
        }

        public async Task RestoreAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            (string tool, _) = await FindAsync("pg_restore", 0, log, cancellationToken).ConfigureAwait(false);
            ProcessStartInfo start = Connect(new ProcessStartInfo(tool), target);
            start.ArgumentList.Add("--clean");
            start.ArgumentList.Add("--if-exists");
            start.ArgumentList.Add("--no-owner");
            start.ArgumentList.Add("--exit-on-error");

            // --clean drops before it loads: only one transaction keeps a failure from leaving the tables empty.
            start.ArgumentList.Add("--single-transaction");
            start.ArgumentList.Add(path);
            (int exit, _, string error) = await ExternalTool.RunAsync(start, null, log, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new RollbackToolsException(ErrorIds.QueryFailed, FailureCategory.InvalidOperation, $"pg_restore failed (exit {exit}) and its transaction was rolled back: {target.Url} is as it was before. {error.Trim()}", "pg_restore");
            }
        }

        /// <summary>The pg_dump command line; internal so a test can prove the password is not on it.</summary>
        internal static ProcessStartInfo DumpCommand(string tool, DatabaseTarget target, string path)
        {
            ProcessStartInfo start = Connect(new ProcessStartInfo(tool), target);
            start.ArgumentList.Add("--format=custom");
            start.ArgumentList.Add("--file=" + path);
            return start;
        }

        private static ProcessStartInfo Connect(ProcessStartInfo start, DatabaseTarget target)
        {
            start.ArgumentList.Add("--host=" + target.Host);
            start.ArgumentList.Add("--port=" + (target.Port ?? 5432).ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--dbname=" + target.DatabaseName);
            start.ArgumentList.Add("--no-password");
            if (!string.IsNullOrEmpty(target.UserName))
            {
                start.ArgumentList.Add("--username=" + target.UserName);
            }

            if (target.Password != null)
            {
                start.Environment["PGPASSWORD"] = SecretText.Reveal(target.Password);
            }

            return start;
        }

        /// <summary>Debian's /usr/lib/postgresql/N/bin folders, newest first; none elsewhere.</summary>
        internal static IReadOnlyList<string> VersionedBinFolders() =>
            Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int v) ? v : 0).Select(d => Path.Combine(d, "bin")).ToArray()
                : Array.Empty<string>();

        /// <summary>The newest pg_dump/pg_restore on PATH or in Debian's versioned folders, refused when older than the server.</summary>
        private static async Task<(string Tool, string Version)> FindAsync(string name, int serverMajor, IEngineLog log, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> versioned = VersionedBinFolders();
            string install = serverMajor > 0 ? $"postgresql-client-{serverMajor}" : "postgresql-client";
            string tool = ExternalTool.Find(new[] { name }, versioned)
                ?? throw new RollbackToolsException(ErrorIds.DumpToolNotFound, FailureCategory.ObjectNotFound, $"{name} was not found on PATH. Install {install} (Debian/Ubuntu: apt-get install {install}).", name);
            if (serverMajor == 0)
            {
                return (tool, name);
            }

            var start = new ProcessStartInfo(tool);
            start.ArgumentList.Add("--version");
            (_, string output, _) = await ExternalTool.RunAsync(start, null, log, cancellationToken).ConfigureAwait(false);
            Match version = Regex.Match(output, @"(\d+)(\.\d+)?");
            int toolMajor = version.Success ? int.Parse(version.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            if (toolMajor < serverMajor)
            {
                throw new RollbackToolsException(ErrorIds.DumpToolNotFound, FailureCategory.ObjectNotFound, $"{tool} is version {toolMajor}, older than the server ({serverMajor}), and cannot dump it. Install {install}.", name);
            }

            return (tool, output.Trim());
        }

        private static async Task RunAsync(ProcessStartInfo start, string? input, string name, IEngineLog log, CancellationToken cancellationToken)
        {
            (int exit, _, string error) = await ExternalTool.RunAsync(start, input, log, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new RollbackToolsException(ErrorIds.QueryFailed, FailureCategory.InvalidOperation, $"{name} failed (exit {exit}): {error.Trim()}", name);
            }
        }
    }
}
