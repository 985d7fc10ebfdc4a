using System;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// Writes recovery actions that are not migrations (restores, stopped sessions) to the migration history,
    /// so the incident report can tell them. A database that was never migrated gets no journal for it.
    /// </summary>
    internal static class AuditTrail
    {
        public static async Task WriteAsync(DatabaseSession session, string name, string action, string status, TimeSpan duration, string? detail)
        {
            var journal = new MigrationJournal(session, null);
            try
            {
                if (!await journal.ExistsAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    return;
                }

                string by = await Identity.OfAsync(session, CancellationToken.None).ConfigureAwait(false);
                await journal.AppendHistoryAsync(new MigrationHistoryEntry(MigrationVersion.Parse("0"), name, action, status, DateTimeOffset.UtcNow, by, duration, 0, null, detail), CancellationToken.None).ConfigureAwait(false);
            }
            catch (RollbackToolsException)
            {
                // The audit line is a courtesy to the report: it never turns a done recovery into a failure.
            }
        }
    }
}
