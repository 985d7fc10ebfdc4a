using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>Finds another tool's history in a database that has no journal of ours, so nothing is applied twice.</summary>
    internal static class OtherToolDetector
    {
        /// <summary>The first tool whose history is there and names an applied migration, with the newest it names; null when none.</summary>
        public static async Task<(OtherTool Tool, HistoryTable Table, string Newest)?> DetectAsync(DatabaseSession session, MigrationFolder? folder, IEngineLog log, CancellationToken cancellationToken)
        {
            foreach (IOtherToolHistory history in OtherToolHistories.All)
            {
                // Sqitch's registry on MySQL is a database shared by every project on the server: only the folder's own project says anything about this one.
                if (history.Tool == OtherTool.Sqitch && (folder == null || SqitchPlan.ProjectOf(folder.Path) == null))
                {
                    continue;
                }

                HistoryTable table = history.DefaultTable(session.Target.Provider, folder);
                DatabaseTarget where = OtherToolHistories.HistoryDatabaseOf(history.Tool, session.Target);
                bool elsewhere = !ReferenceEquals(where, session.Target);

                // Sqitch's SQLite registry is a file of its own: looked at only when it is there.
                if (elsewhere && where.IsAbsent)
                {
                    continue;
                }

                await using DatabaseSession? registry = elsewhere ? await DatabaseSession.OpenExistingAsync(where, log, cancellationToken).ConfigureAwait(false) : null;
                if (await NewestAsync(registry ?? session, history, table, folder, cancellationToken).ConfigureAwait(false) is string newest)
                {
                    return (history.Tool, table, newest);
                }
            }

            return null;
        }

        /// <summary>The words Get-Migration and Invoke-Migration say when another tool migrated the database.</summary>
        public static string Describe((OtherTool Tool, HistoryTable Table, string Newest) found, DatabaseTarget target, MigrationFolder? folder) =>
            $"{target.Url} was migrated by {found.Tool} (its table {found.Table} names {found.Newest} as the newest) and has no RollbackTools journal. " +
            $"Import that history first: Import-MigrationHistory -Path {(folder == null ? "<folder>" : "'" + folder.Path + "'")} -Database <database> -From {found.Tool}" +
            " (add -WhatIf to see the mapping); for a database built by hand, Invoke-Migration -Baseline <version> records what it already has.";

        private static async Task<string?> NewestAsync(DatabaseSession session, IOtherToolHistory history, HistoryTable table, MigrationFolder? folder, CancellationToken cancellationToken)
        {
            if (!await history.IsPresentAsync(session, table, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            IReadOnlyList<ForeignEntry> entries = await history.ReadAsync(session, table, System.Array.Empty<MigrationScript>(), folder, cancellationToken).ConfigureAwait(false);
            return entries.Count == 0 ? null : entries[^1].Key;
        }
    }
}
