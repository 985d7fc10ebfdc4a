using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.RestorePoints
{
    /// <summary>
    /// SQLite has no log to replay: its restore point is an online backup of the file, taken page by page while
    /// the database stays usable, beside it as {name}.{point}.restorepoint.db, and checked before it counts.
    /// </summary>
    internal sealed class SqliteRestorePoints : IRestorePointTaker
    {
        public Task<string?> CheckAsync(DatabaseSession session, CancellationToken cancellationToken) =>
            Task.FromResult(IsFile(session.Target.DatabaseName) ? null : "it is not a database file, so no backup of it can be its restore point.");

        public Task<MigrationRestorePoint> TakeAsync(DatabaseSession session, string name, IEngineLog log, CancellationToken cancellationToken)
        {
            string? database = session.Target.DatabaseName;
            if (!IsFile(database))
            {
                throw RestorePointErrors.Unavailable(session, "it is not a database file, so no backup of it can be its restore point.");
            }

            string path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, $"{Path.GetFileNameWithoutExtension(database)}.{name}.restorepoint.db");
            if (File.Exists(path))
            {
                throw new RollbackToolsException(ErrorIds.RestorePointExists, FailureCategory.InvalidArgument, $"'{path}' exists already; a restore point is never overwritten. Choose another -Name.", path);
            }

            string partial = path + ".partial";
            try
            {
                using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
                {
                    copy.Open();
                    ((SqliteConnection)session.Connection).BackupDatabase(copy);
                    using SqliteCommand check = copy.CreateCommand();
                    check.CommandText = "PRAGMA integrity_check";
                    if (check.ExecuteScalar() as string != "ok")
                    {
                        throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The backup of {database} failed its integrity check; no restore point was made.", database);
                    }
                }

                File.Move(partial, path);
            }
            catch (SqliteException ex)
            {
                throw session.Translate(ex);
            }
            finally
            {
                File.Delete(partial);
            }

            return Task.FromResult(new MigrationRestorePoint(name, session.Target) { Path = path });
        }

        private static bool IsFile([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? database) =>
            !string.IsNullOrEmpty(database) && database != ":memory:" && File.Exists(database);
    }
}
