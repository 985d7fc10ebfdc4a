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

        /// <summary>
        /// The file still has the sha256 and size its catalog row and its manifest recorded, and the tool can read
        /// every block of it. A file with neither can be checked by its structure only, and the result says so.
        /// </summary>
        public static async Task<BackupTestResult> TestAsync(IDumpTool tool, MigrationBackup backup, IEngineLog log, CancellationToken cancellationToken)
        {
            string path = backup.Path!;
            if (!File.Exists(path))
            {
                return new BackupTestResult(backup, false, $"The dump file '{path}' no longer exists.");
            }

            DumpManifest? manifest;
            try
            {
                manifest = await DumpManifest.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex)
            {
                return new BackupTestResult(backup, false, ex.Message);
            }

            bool known = backup.Id != 0;
            long size = new FileInfo(path).Length;
            string sha = known || manifest != null ? await Sha256Async(path, cancellationToken).ConfigureAwait(false) : string.Empty;
            if (known && sha != backup.Checksum)
            {
                return new BackupTestResult(backup, false, $"The file changed since it was written: sha256 {sha[..12]}… now, {backup.Checksum[..Math.Min(12, backup.Checksum.Length)]}… recorded in the catalog.");
            }

            if (manifest != null && (sha != manifest.Sha256 || size != manifest.Size))
            {
                return new BackupTestResult(backup, false, $"The file does not match its manifest: {size} bytes with sha256 {sha[..12]}… now, {manifest.Size} bytes with sha256 {manifest.Sha256[..Math.Min(12, manifest.Sha256.Length)]}… when {manifest.Tool} wrote it at {manifest.CreatedAt:u}.");
            }

            string? problem = await tool.CheckAsync(path, log, cancellationToken).ConfigureAwait(false);
            if (problem != null)
            {
                return new BackupTestResult(backup, false, problem);
            }

            string proof = (known, manifest != null) switch
            {
                (true, true) => "sha256 as recorded in the catalog and the manifest",
                (true, false) => "sha256 as recorded in the catalog",
                (false, true) => $"sha256 and size as its manifest recorded ({manifest!.Tool}, {manifest.Source}, {manifest.CreatedAt:u})",
                _ => string.Empty,
            };
            return proof.Length > 0
                ? new BackupTestResult(backup, true, proof + "; the whole file reads as a complete dump.") { ContentProven = true }
                : new BackupTestResult(backup, true, "No manifest beside it and not in the backup catalog: only its structure could be checked (it reads as a complete dump), not that every byte is as written.");
        }
    }
}
