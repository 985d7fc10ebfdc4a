using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Schema
{
    /// <summary>Takes a snapshot on an open session, leaving out the module's own tables.</summary>
    internal static class SchemaReading
    {
        public static async Task<SchemaSnapshot> SnapshotAsync(DatabaseSession session, string? journalTable, CancellationToken cancellationToken)
        {
            string journal = MigrationJournal.NameOf(journalTable);
            string[] own = { journal, journal + "_history", journal + "_tests", journal + "_snapshots", Backups.BackupCatalog.TableName };
            bool Ours(SchemaObject o) =>
                o.Name.StartsWith("rollbacktools_", StringComparison.Ordinal)
                || own.Any(t => o.Name == t || o.Name.StartsWith(t + ".", StringComparison.Ordinal));

            IReadOnlyList<SchemaObject> objects = await session.SchemaReader.ReadAsync(session, cancellationToken).ConfigureAwait(false);
            return new SchemaSnapshot(session.Target.Provider.ToString(), session.Target.DatabaseName, DateTimeOffset.UtcNow, objects.Where(o => !Ours(o))) { Target = session.Target };
        }
    }
}
