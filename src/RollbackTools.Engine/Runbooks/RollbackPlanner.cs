using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Runbooks
{
    /// <summary>
    /// The seed's decision tree, fed with evidence found in the database: Failed or Dirty migrations mean the
    /// schema change is incomplete; a changed table no longer matching its backup means data corruption;
    /// a degraded run points at the indexes it created.
    /// </summary>
    internal static class RollbackPlanner
    {
        public static readonly string[] Branches = { "SchemaIncomplete", "DataCorruption", "PerformanceDegradation", "ApplicationErrors", "PartialFailure" };

        private static readonly Regex CreateIndex = new Regex(@"\bCREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?[`""]?(?<index>[\w$]+)[`""]?\s+ON\s+(?:ONLY\s+)?(?:[`""]?[\w$]+[`""]?\.)?[`""]?(?<table>[\w$]+)[`""]?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static async Task<RollbackPlan> PlanAsync(DatabaseSession session, string? journalTable, IReadOnlyList<MigrationResult> run, string? symptom, string? applicationRollback, CancellationToken cancellationToken)
        {
            var plan = new RollbackPlan { DatabaseUrl = session.Target.Url, JournalTable = journalTable };
            var journalTables = new MigrationJournal(session, journalTable);
            IReadOnlyList<JournalEntry> journal = await journalTables.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (run.Count == 0)
            {
                run = NewestRun(await journalTables.ReadHistoryAsync(null, cancellationToken).ConfigureAwait(false), session.Target, journalTables.TableName);
            }

            Func<MigrationResult, string?> upSql = r => UpSqlOf(r, journal);
            JournalEntry[] dirty = journal.Where(e => e.State == MigrationPlanner.StateDirty).ToArray();
            MigrationResult[] failed = run.Where(r => r.Status == MigrationStatus.Failed && r.Direction == MigrationDirection.Up).ToArray();
            MigrationResult[] applied = run.Where(r => r.Status == MigrationStatus.Succeeded && r.Direction == MigrationDirection.Up)
                .Where(r => journal.Any(e => e.Version.Equals(r.TypedVersion) && e.State == MigrationPlanner.StateApplied)).ToArray();

            foreach (MigrationResult f in failed)
            {
                plan.Evidence.Add($"Migration {f.TypedVersion} ({f.Name}) failed{(f.FailedLine != null ? $" at line {f.FailedLine}" : "")}: {f.Error}");
            }

            foreach (JournalEntry d in dirty)
            {
                plan.Evidence.Add($"Migration {d.Version} ({d.Name}) is Dirty after {d.StatementsDone} statement(s).");
            }

            IReadOnlyList<(MigrationBackup Backup, string Table)> corrupted = await CorruptedTablesAsync(session, applied, upSql, plan.Evidence, cancellationToken).ConfigureAwait(false);
            plan.Branch = symptom
                ?? (corrupted.Count > 0 ? "DataCorruption"
                : (failed.Length > 0 || dirty.Length > 0) && applied.Length > 0 ? "PartialFailure"
                : failed.Length > 0 || dirty.Length > 0 ? "SchemaIncomplete"
                : "None");

            switch (plan.Branch)
            {
                case "DataCorruption":
                    foreach ((MigrationBackup backup, string table) in corrupted)
                    {
                        Add(plan, RollbackStepKind.RestoreBackup, $"Put back every row of {table} from backup {backup.Id} ({backup.BackupTable}, taken {backup.CreatedAt:u}).", $"Restore-MigrationBackup -Id {backup.Id} -Mode Replace", backupId: backup.Id, table: table);
                    }

                    await AddRestorePointStepsAsync(session, plan, applied, upSql, cancellationToken).ConfigureAwait(false);
                    break;
                case "PerformanceDegradation":
                    foreach ((string index, string table) in applied.SelectMany(r => IndexesCreated(upSql(r))).Distinct())
                    {
                        Add(plan, RollbackStepKind.DropIndex, $"Drop the index {index} on {table} that the run created.", session.Dialect.DropIndexSql(null, table, index), table: table, index: index);
                    }

                    if (plan.Steps.Count == 0)
                    {
                        plan.Evidence.Add("The run created no index: look for the queries it changed.");
                    }

                    break;
                case "ApplicationErrors":
                    if (applicationRollback != null)
                    {
                        Add(plan, RollbackStepKind.ApplicationRollback, "Roll the application back first, so the old code never meets the old schema half-way.", applicationRollback);
                    }
                    else
                    {
                        plan.Evidence.Add("No -ApplicationRollback was given: roll the application back by hand before the schema.");
                    }

                    AddUndos(plan, dirty, applied);
                    break;
                case "PartialFailure":
                    plan.Evidence.Add($"{applied.Length} migration(s) of the run succeeded before the failure. Fixing forward (a corrected script and Invoke-Migration again) is possible when they are sound; this plan takes the whole run back.");
                    AddUndos(plan, dirty, applied);
                    break;
                case "SchemaIncomplete":
                    if (failed.Any(f => !dirty.Any(d => d.Version.Equals(f.TypedVersion))))
                    {
                        plan.Evidence.Add("A failed migration that ran in a transaction was rolled back with it: there is nothing of it to undo.");
                    }

                    AddUndos(plan, dirty, applied);
                    break;
            }

            return plan;
        }

        private static void AddUndos(RollbackPlan plan, IEnumerable<JournalEntry> dirty, IEnumerable<MigrationResult> applied)
        {
            foreach (JournalEntry d in dirty.OrderByDescending(d => d.Version))
            {
                Add(plan, RollbackStepKind.ForceUndoMigration, $"Undo the half-applied {d.Version} ({d.Name}); statements whose objects never existed become warnings.", $"Undo-Migration -Version {d.Version} -Force", version: d.Version.Text);
            }

            foreach (MigrationResult r in applied.OrderByDescending(r => r.TypedVersion))
            {
                Add(plan, RollbackStepKind.UndoMigration, $"Undo {r.TypedVersion} ({r.Name}) with its down script.", $"Undo-Migration -Version {r.TypedVersion}", version: r.Version);
            }
        }

        /// <summary>
        /// The seed's last resort, offered for each table the run changed that has no verified table backup, where a
        /// restore point exists: the table as it was at the newest point. A SQLite point is a database file, so the
        /// step can restore from it directly; elsewhere the point-in-time runbook builds a copy first.
        /// </summary>
        private static async Task AddRestorePointStepsAsync(DatabaseSession session, RollbackPlan plan, IEnumerable<MigrationResult> applied, Func<MigrationResult, string?> upSql, CancellationToken cancellationToken)
        {
            IReadOnlyList<MigrationRestorePoint> points = await new RestorePoints.RestorePointCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
            if (points.Count == 0)
            {
                return;
            }

            MigrationRestorePoint point = points[^1];
            IReadOnlyList<MigrationBackup> backups = await new BackupCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
            IEnumerable<string> uncovered = applied.Select(upSql).Where(sql => sql != null).SelectMany(sql => TouchedTables.In(sql!)).Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(t => !plan.Steps.Any(step => string.Equals(step.Table, t, StringComparison.OrdinalIgnoreCase)))
                .Where(t => !backups.Any(b => b.Kind == BackupKind.Table && b.Verified && string.Equals(b.Table, t, StringComparison.OrdinalIgnoreCase)));
            foreach (string table in uncovered)
            {
                string command = point.Path != null
                    ? $"Restore-MigrationBackup -FromDatabase '{point.Path}' -Table {table} -Mode Replace -Database '{session.Target.Url}'"
                    : $"./examples/runbooks/Rollback-PointInTime.ps1 -Database '{session.Target.Url}' -RestorePoint {point.Name} -Table {table} -BaseBackup <base backup> -WalArchive <WAL archive> -CopyPath <new folder> -Port <free port>";
                Add(plan, RollbackStepKind.RecoverFromRestorePoint, $"Put {table} back as it was at restore point {point.Name} ({point.Position}, {point.CreatedAt:u}): no table backup of it exists.", command, table: table);
                plan.Steps[^1].RestorePoint = point.Name;
                plan.Steps[^1].RecoverFrom = point.Path;
            }
        }

        private static void Add(RollbackPlan plan, RollbackStepKind kind, string description, string command, string? version = null, long? backupId = null, string? table = null, string? index = null) =>
            plan.Steps.Add(new RollbackStep { Order = plan.Steps.Count + 1, Kind = kind, Description = description, Command = command, Destructive = true, Version = version, BackupId = backupId, Table = table, Index = index });

        /// <summary>
        /// The migrations applied together last, from the history alone: the rows of the newest run id (a
        /// journal from before run ids: the newest Up rows by the same operator), as results a run would emit.
        /// </summary>
        private static IReadOnlyList<MigrationResult> NewestRun(IReadOnlyList<MigrationHistoryEntry> history, DatabaseTarget target, string journalTable)
        {
            HistoryStatus[] outcomes = { HistoryStatus.Succeeded, HistoryStatus.Failed, HistoryStatus.Dirty };
            MigrationHistoryEntry[] ups = history.Where(h => h.Action == HistoryAction.Up && outcomes.Contains(h.Status)).ToArray();
            if (ups.Length == 0)
            {
                return Array.Empty<MigrationResult>();
            }

            MigrationHistoryEntry newest = ups[^1];
            IEnumerable<MigrationHistoryEntry> rows = newest.RunId != null
                ? ups.Where(h => h.RunId == newest.RunId)
                : Enumerable.Reverse(Enumerable.Reverse(ups).TakeWhile(h => h.RunId == null && h.By == newest.By).ToArray());
            return rows
                .Select(h => new MigrationResult(h.TypedVersion, h.Name, MigrationDirection.Up, h.Status == HistoryStatus.Succeeded ? MigrationStatus.Succeeded : MigrationStatus.Failed, target, journalTable)
                {
                    Error = h.Error,
                    FailedStatement = h.FailedStatement,
                })
                .ToList();
        }

        /// <summary>The up script a result ran: its file while it is there, else the copy the journal keeps.</summary>
        private static string? UpSqlOf(MigrationResult result, IReadOnlyList<JournalEntry> journal) =>
            result.Path != null && File.Exists(result.Path)
                ? File.ReadAllText(result.Path)
                : journal.FirstOrDefault(e => e.Version.Equals(result.TypedVersion))?.UpScript;

        private static IEnumerable<(string Index, string Table)> IndexesCreated(string? sql) =>
            sql == null
                ? Enumerable.Empty<(string, string)>()
                : CreateIndex.Matches(sql).Select(m => (m.Groups["index"].Value, m.Groups["table"].Value));

        /// <summary>Tables the run changed whose content no longer matches their newest verified backup.</summary>
        private static async Task<IReadOnlyList<(MigrationBackup, string)>> CorruptedTablesAsync(DatabaseSession session, IEnumerable<MigrationResult> applied, Func<MigrationResult, string?> upSql, List<string> evidence, CancellationToken cancellationToken)
        {
            var touched = applied.Select(upSql).Where(sql => sql != null).SelectMany(sql => TouchedTables.In(sql!)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            IReadOnlyList<MigrationBackup> backups = touched.Count == 0 ? Array.Empty<MigrationBackup>() : await new BackupCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
            var corrupted = new List<(MigrationBackup, string)>();
            foreach (string table in touched)
            {
                MigrationBackup? backup = backups.LastOrDefault(b => b.Kind == BackupKind.Table && b.Verified && string.Equals(b.Table, table, StringComparison.OrdinalIgnoreCase) && b.Where == null);
                if (backup == null || !await session.TableExistsAsync(backup.Schema, table, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                try
                {
                    TableChecksum now = await TableChecksum.ComputeAsync(session, backup.Schema, table, backup.Columns, null, false, cancellationToken).ConfigureAwait(false);
                    if (now != new TableChecksum(backup.RowCount, backup.Checksum))
                    {
                        corrupted.Add((backup, table));
                        evidence.Add($"{table}, which the run changed, no longer matches backup {backup.Id} ({now} now, {backup.RowCount} rows, checksum {backup.Checksum} then).");
                    }
                }
                catch (RollbackToolsException ex) when (ex.ErrorId == ErrorIds.QueryFailed)
                {
                    evidence.Add($"{table} cannot be compared with backup {backup.Id}: {ex.Message}");
                }
            }

            return corrupted;
        }
    }
}
