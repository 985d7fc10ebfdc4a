using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// Sqitch's registry table changes holds the changes deployed now (a revert deletes its row), per
    /// project. The registry is the schema sqitch on PostgreSQL, the database sqitch on MySQL and MariaDB,
    /// and a file sqitch.db beside the database on SQLite. The k-th deployed row of a change name is the
    /// k-th entry of that name in the plan, so a reworked change maps to its right version.
    /// </summary>
    internal sealed class SqitchHistory : IOtherToolHistory
    {
        public OtherTool Tool => OtherTool.Sqitch;

        public HistoryTable DefaultTable(DatabaseProvider provider, MigrationFolder? folder) =>
            provider == DatabaseProvider.Sqlite ? new HistoryTable(null, "changes") : new HistoryTable("sqitch", "changes");

        /// <summary>Where Sqitch keeps its registry for a database: the database itself, or on SQLite the file sqitch.db beside it.</summary>
        public static DatabaseTarget RegistryOf(DatabaseTarget target) =>
            target.Provider == DatabaseProvider.Sqlite && Path.GetDirectoryName(Path.GetFullPath(target.DatabaseName)) is string folder
                ? DatabaseTarget.Parse("sqlite:" + Path.Combine(folder, "sqitch.db"))
                : target;

        public Task<bool> IsPresentAsync(DatabaseSession session, HistoryTable table, CancellationToken cancellationToken) =>
            session.TableExistsAsync(table.Schema, table.Name, cancellationToken);

        public async Task<IReadOnlyList<ForeignEntry>> ReadAsync(DatabaseSession session, HistoryTable table, IReadOnlyList<MigrationScript> scripts, MigrationFolder? folder, CancellationToken cancellationToken)
        {
            string? project = folder == null ? null : SqitchPlan.ProjectOf(folder.Path);
            var rows = await session.QueryAsync(
                $"SELECT change_id, {session.Dialect.QuoteIdentifier("change")}, project, committed_at, committer_name FROM {table.Quoted(session.Dialect)} ORDER BY committed_at",
                r => new
                {
                    Id = HistoryValues.Text(r, "change_id")!,
                    Change = HistoryValues.Text(r, "change")!,
                    Project = HistoryValues.Text(r, "project"),
                    At = HistoryValues.Time(r, "committed_at"),
                    By = HistoryValues.Text(r, "committer_name"),
                },
                cancellationToken).ConfigureAwait(false);

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var entries = new List<ForeignEntry>();
            foreach (var row in rows.Where(r => project == null || r.Project == project))
            {
                int occurrence = seen[row.Change] = seen.GetValueOrDefault(row.Change) + 1;
                MigrationScript? match = scripts.Where(s => s.Format == MigrationFormat.Sqitch && s.Name == row.Change).Skip(occurrence - 1).FirstOrDefault();
                entries.Add(new ForeignEntry(row.Change, $"{row.Project}:{row.Change} ({row.Id.Substring(0, Math.Min(8, row.Id.Length))})", match, false) { AppliedAt = row.At, AppliedBy = row.By });
            }

            return entries;
        }
    }
}
