using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Adoption;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools
{
    /// <summary>
    /// Reads another tool's history, maps each row to a migration of the folder, and records the matched
    /// ones in our journal with their scripts from the files. The other tool's table is only read. What is
    /// already in our journal stays as it is, so an import can run again and changes nothing the second time.
    /// </summary>
    public sealed class HistoryImporter
    {
        private readonly IEngineLog log;

        public HistoryImporter(IEngineLog log) => this.log = log;

        /// <summary>The mapping, row by row, without changing anything (what -WhatIf shows).</summary>
        public async Task<ImportPlan> PlanAsync(DatabaseTarget target, MigrationFolder folder, OtherTool tool, string? table, DatabaseTarget? historyDatabase, string? journalTable, CancellationToken cancellationToken)
        {
            IReadOnlyList<MigrationScript> scripts = MigrationDiscovery.Discover(folder, target.Provider);
            IOtherToolHistory history = OtherToolHistories.Of(tool);
            HistoryTable where = table == null ? history.DefaultTable(target.Provider, folder) : HistoryTable.Parse(table);
            DatabaseTarget source = historyDatabase ?? OtherToolHistories.HistoryDatabaseOf(tool, target);

            IReadOnlyList<ForeignEntry> entries;
            {
                await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(source, log, cancellationToken).ConfigureAwait(false);
                if (!await history.IsPresentAsync(session, where, cancellationToken).ConfigureAwait(false))
                {
                    throw new RollbackToolsException(ErrorIds.TableNotFound, FailureCategory.ObjectNotFound, $"{source.Url} has no {tool} history table {where}. Name it with -Table (and -HistoryDatabase when it lives elsewhere).", where.ToString());
                }

                entries = await history.ReadAsync(session, where, scripts, folder, cancellationToken).ConfigureAwait(false);
            }

            Dictionary<MigrationVersion, JournalEntry> journal = (await MigrationJournal.ReadExistingAsync(target, journalTable, log, cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Version);
            var rows = new List<MigrationImportRow>();
            var matched = new List<(MigrationImportRow Row, ForeignEntry Entry)>();
            foreach (ForeignEntry entry in entries)
            {
                var row = new MigrationImportRow(tool, where.ToString(), entry.Source, target)
                {
                    TypedVersion = entry.Script?.Version,
                    Name = entry.Script?.Name,
                    State = entry.Script == null ? null : entry.Dirty ? MigrationState.Dirty : entry.ChecksumMatches == false ? MigrationState.Modified : MigrationState.Applied,
                    ChecksumMatches = entry.ChecksumMatches,
                };
                row.Action = entry.Script == null ? ImportAction.Unmatched
                    : journal.TryGetValue(entry.Script.Version, out JournalEntry? ours) && ours.State != MigrationPlanner.StateFailed ? ImportAction.AlreadyRecorded
                    : ImportAction.Imported;
                rows.Add(row);
                if (row.Action == ImportAction.Imported)
                {
                    matched.Add((row, entry));
                }
                else if (row.Action == ImportAction.Unmatched)
                {
                    log.Warning($"{tool} {where}: {entry.Source} matches no migration in {folder}; it is not imported.");
                }
            }

            return new ImportPlan(target, folder, tool, where, MigrationJournal.NameOf(journalTable), rows, matched);
        }

        /// <summary>Records the planned rows that <paramref name="approve"/> accepts, under the run lock, and returns every row with what was done.</summary>
        public async Task<IReadOnlyList<MigrationImportRow>> RecordAsync(ImportPlan plan, Func<MigrationImportRow, bool> approve, MigrationRunOptions options, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(plan.Database, log, cancellationToken).ConfigureAwait(false);
            var journal = new MigrationJournal(session, plan.JournalTable);
            await using MigrationRunLock runLock = await MigrationRunLock.AcquireAsync(session, journal.TableName, options.LockWait, log, cancellationToken).ConfigureAwait(false);
            await journal.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            string performedBy = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
            foreach ((MigrationImportRow row, ForeignEntry entry) in plan.Matched)
            {
                MigrationScript script = entry.Script!;
                if (!approve(row))
                {
                    continue;
                }

                // Checked again under the lock: another import or run may have recorded it since the plan.
                if (await journal.FindAsync(script.Version, cancellationToken).ConfigureAwait(false) is { } ours && ours.State != MigrationPlanner.StateFailed)
                {
                    row.Action = ImportAction.AlreadyRecorded;
                    continue;
                }

                string state = entry.Dirty ? MigrationPlanner.StateDirty : MigrationPlanner.StateApplied;
                string note = $"Imported from {plan.Tool} ({plan.Table}: {entry.Source}).";
                bool same = entry.ChecksumMatches != false;

                // A file edited since the other tool ran it is recorded with a checksum that is not the file's, so it reads Modified, never Applied.
                var recorded = new JournalEntry(script.Version, script.Name, same ? script.Checksum : MigrationScript.Sha256(note), script.DownSql, script.DownInTransaction, state, 0, entry.AppliedAt ?? DateTimeOffset.UtcNow, entry.AppliedBy ?? performedBy, TimeSpan.Zero, entry.Dirty ? $"{plan.Tool} recorded it dirty or failed. {note}" : null)
                {
                    UpScript = same ? script.UpSql : null,
                };
                await journal.RecordAsync(recorded, cancellationToken).ConfigureAwait(false);
                await journal.AppendHistoryAsync(MigrationHistoryEntry.Now(script.Version, script.Name, HistoryAction.Import, entry.Dirty ? HistoryStatus.Dirty : HistoryStatus.Applied, performedBy) with { Checksum = recorded.Checksum, Error = note }, cancellationToken).ConfigureAwait(false);
            }

            return plan.Rows;
        }
    }
}
