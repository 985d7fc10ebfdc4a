using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>
    /// The proof a dump carries beside it ({dump}.manifest.json), so a file copied to another machine, or
    /// whose catalog is lost, can still be checked byte for byte. Holds no secret: the source is the URL
    /// without password.
    /// </summary>
    internal sealed record DumpManifest(
        string Format,
        string Sha256,
        long Size,
        string Tool,
        string? ToolVersion,
        string? ServerVersion,
        string Source,
        string? JournalVersion,
        DateTimeOffset CreatedAt)
    {
        public const string FormatName = "rollbacktools-dump-manifest/1";

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { WriteIndented = true };

        public static string PathFor(string dumpPath) => dumpPath + ".manifest.json";

        public async Task WriteAsync(string dumpPath, CancellationToken cancellationToken)
        {
            string path = PathFor(dumpPath);
            string partial = path + ".partial";
            await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(this, Json), cancellationToken).ConfigureAwait(false);
            File.Move(partial, path, overwrite: true);
        }

        /// <summary>The manifest beside a dump; null when there is none; throws BackupVerificationFailed when it is not one.</summary>
        public static async Task<DumpManifest?> ReadAsync(string dumpPath, CancellationToken cancellationToken)
        {
            string path = PathFor(dumpPath);
            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                DumpManifest? manifest = JsonSerializer.Deserialize<DumpManifest>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
                if (manifest == null || manifest.Format != FormatName || string.IsNullOrEmpty(manifest.Sha256))
                {
                    throw new JsonException("not a RollbackTools dump manifest");
                }

                return manifest;
            }
            catch (JsonException ex)
            {
                throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The manifest '{path}' cannot be read ({ex.Message}), so the dump cannot be proven intact.", path, ex);
            }
        }
    }
}
