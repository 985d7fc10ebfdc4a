using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>
    /// Runs a database's own command-line tool: arguments as a list (no shell, no quoting mistakes), secrets
    /// only in its environment or an options file, and Ctrl+C ends the process.
    /// </summary>
    internal static class ExternalTool
    {
        /// <summary>The full path of the first of <paramref name="names"/> found on PATH (and in <paramref name="extraFolders"/>), or null.</summary>
        public static string? Find(IEnumerable<string> names, IEnumerable<string>? extraFolders = null)
        {
            IEnumerable<string> folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Concat(extraFolders ?? Enumerable.Empty<string>());
            foreach (string name in names)
            {
                foreach (string folder in folders)
                {
                    string candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".exe" : name);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        public static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start, string? standardInputFile, IEngineLog log, CancellationToken cancellationToken)
        {
            start.UseShellExecute = false;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.RedirectStandardInput = standardInputFile != null;
            log.Verbose($"Running {Path.GetFileName(start.FileName)} {string.Join(' ', start.ArgumentList)}");
            using var process = Process.Start(start) ?? throw new InvalidOperationException(start.FileName + " did not start.");
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                if (standardInputFile != null)
                {
                    await using (FileStream input = File.OpenRead(standardInputFile))
                    {
                        await input.CopyToAsync(process.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
                    }

                    process.StandardInput.Close();
                }

                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }
}
