using System;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>What happens where a history row cannot be written as asked.</summary>
    internal enum HistoryPolicy
    {
        /// <summary>The journal is created if needed, and a failed write is the caller's failure (migrations, soft deletes, plans).</summary>
        Required,

        /// <summary>
        /// Only where the database already has a journal, and a failed write is passed over: the line is a courtesy to
        /// the incident report and never turns a finished recovery (a restore, a stopped session) into a failure.
        /// </summary>
        Courtesy,
    }

    /// <summary>The one way recovery actions reach the migration history: who did it is read from the session.</summary>
    internal static class HistoryWriter
    {
        public static async Task WriteAsync(DatabaseSession session, string? journalTable, Func<string, MigrationHistoryEntry> entry, HistoryPolicy policy, CancellationToken cancellationToken)
        {
            var journal = new MigrationJournal(session, journalTable);
            try
            {
                if (policy == HistoryPolicy.Courtesy && !await journal.ExistsAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                if (policy == HistoryPolicy.Required)
                {
                    await journal.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                }

                string by = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
                await journal.AppendHistoryAsync(entry(by), cancellationToken).ConfigureAwait(false);
            }
            catch (RollbackToolsException) when (policy == HistoryPolicy.Courtesy)
            {
            }
        }
    }
}
