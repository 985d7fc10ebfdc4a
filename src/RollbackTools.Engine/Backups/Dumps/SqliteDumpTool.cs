using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>SQLite's online backup API: a consistent copy of the live file, checked with integrity_check.</summary>
    internal sealed class SqliteDumpTool : IDumpTool
    {
        public Task DumpAsync(DatabaseSession session, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
            destination.Open();
            ((SqliteConnection)session.Connection).BackupDatabase(destination);
            return Task.CompletedTask;
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

        public async Task RestoreAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            source.Open();
            source.BackupDatabase((SqliteConnection)session.Connection);
        }
    }
}
