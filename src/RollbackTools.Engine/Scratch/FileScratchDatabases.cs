using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Scratch
{
    /// <summary>SQLite: a new file in the temporary folder, deleted with its journal files afterwards.</summary>
    internal sealed class FileScratchDatabases : IScratchDatabases
    {
        public Task<DatabaseTarget> CreateAsync(DatabaseSession beside, string purpose, CancellationToken cancellationToken)
        {
            string file = Path.Combine(Path.GetTempPath(), $"rbt_{purpose}_{Guid.NewGuid():N}.db");
            return Task.FromResult(DatabaseTarget.Parse("sqlite:" + file));
        }

        public Task DropAsync(DatabaseSession beside, DatabaseTarget scratch, CancellationToken cancellationToken)
        {
            // Pooled connections keep the file open; they are the scratch file's only users.
            SqliteConnection.ClearAllPools();
            foreach (string suffix in new[] { string.Empty, "-journal", "-wal", "-shm" })
            {
                File.Delete(scratch.DatabaseName + suffix);
            }

            return Task.CompletedTask;
        }
    }
}
