using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>SQLite's online backup API: a consistent copy of the live file, checked with integrity_check.</summary>
    internal sealed class SqliteDumpTool : IDumpTool
    {
        public Task<string> DumpAsync(DatabaseSession session, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
            destination.Open();
            ((SqliteConnection)session.Connection).BackupDatabase(destination);
            return Task.FromResult("SQLite online backup API " + session.Connection.ServerVersion);
        }

        public async Task<string?> CheckAsync(string path, IEngineLog log, CancellationToken cancellationToken)
        {
            try
            {
                await using var file = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
                await file.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using SqliteCommand check = file.CreateCommand();
                check.CommandText = "PRAGMA integrity_check";
                string? verdict = Convert.ToString(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                return verdict == "ok" ? null : $"PRAGMA integrity_check says: {verdict}";
            }
            catch (SqliteException ex)
            {
                return "It is not a readable SQLite database: " + ex.Message;
            }
        }

        /// <summary>
        /// The dump is copied into a scratch file beside the target and checked there first; only a copy that
        /// loaded whole is copied over the target, in the backup API's one write transaction.
        /// </summary>
        public async Task RestoreAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            string scratch = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(target.DatabaseName)) ?? Path.GetTempPath(), $".{Path.GetFileName(target.DatabaseName)}.restore-{Guid.NewGuid():N}");
            try
            {
                using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
                using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = scratch, Pooling = false }.ConnectionString))
                {
                    source.Open();
                    copy.Open();
                    source.BackupDatabase(copy);
                }

                string? problem = await CheckAsync(scratch, log, cancellationToken).ConfigureAwait(false);
                if (problem != null)
                {
                    throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The dump did not load whole ({problem}); '{target.DatabaseName}' was not touched.", path);
                }

                cancellationToken.ThrowIfCancellationRequested();
                await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
                using var loaded = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = scratch, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
                loaded.Open();
                loaded.BackupDatabase((SqliteConnection)session.Connection);
            }
            catch (SqliteException ex)
            {
                throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The dump could not be loaded ({ex.Message}); '{target.DatabaseName}' was not touched.", path, ex);
            }
            finally
            {
                File.Delete(scratch);
            }
        }
    }
}
