using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>What every dump file gets checked for, whatever wrote it.</summary>
    internal static class DumpFiles
    {
        public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
        {
            await using FileStream file = File.OpenRead(path);
            return Convert.ToHexString(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
        }

        public static void EnsureFolder(string path)
        {
            string? folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        /// <summary>The file still has the recorded sha256 (when the catalog knows it), and the tool can read it whole.</summary>
        public static async Task<BackupTestResult> TestAsync(IDumpTool tool, MigrationBackup backup, IEngineLog log, CancellationToken cancellationToken)
        {
            string path = backup.Path!;
            if (!File.Exists(path))
            {
                return new BackupTestResult(backup, false, $"The dump file '{path}' no longer exists.");
            }

            bool known = backup.Id != 0;
            if (known)
            {
                string sha = await Sha256Async(path, cancellationToken).ConfigureAwait(false);
                if (sha != backup.Checksum)
                {
                    return new BackupTestResult(backup, false, $"The file changed since it was written: sha256 {sha[..12]}… now, {backup.Checksum[..Math.Min(12, backup.Checksum.Length)]}… recorded.");
                }
            }

            string? problem = await tool.CheckAsync(path, log, cancellationToken).ConfigureAwait(false);
            if (problem != null)
            {
                return new BackupTestResult(backup, false, problem);
            }

            return new BackupTestResult(backup, true, known ? "sha256 as recorded; the file reads as a complete dump." : "Not in the backup catalog: no recorded sha256 to compare, but the file reads as a complete dump.");
        }
    }
}
