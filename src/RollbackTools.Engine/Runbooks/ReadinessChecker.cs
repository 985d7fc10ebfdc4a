using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Runbooks
{
    /// <summary>The seed's pre-migration checklist, each item checked against the databases and the folder.</summary>
    internal sealed class ReadinessChecker
    {
        private readonly IEngineLog log;

        public ReadinessChecker(IEngineLog log)
        {
            this.log = log;
        }

        private static readonly System.Text.RegularExpressions.Regex SchemaChange = new System.Text.RegularExpressions.Regex(@"^\s*(CREATE|ALTER|DROP|RENAME)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        public async Task<IReadOnlyList<ChecklistItem>> CheckAsync(DatabaseTarget target, MigrationFolder path, ReadinessOptions options, CancellationToken cancellationToken)
        {
            IReadOnlyList<MigrationScript> scripts = MigrationDiscovery.Discover(path, target.Provider);
            var items = new List<ChecklistItem>();
            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            var journal = new MigrationJournal(session, options.JournalTable);
            IReadOnlyList<JournalEntry> entries = await journal.ReadAsync(cancellationToken).ConfigureAwait(false);
            var applied = new HashSet<MigrationVersion>(entries.Where(e => e.State == MigrationPlanner.StateApplied).Select(e => e.Version));
            List<MigrationScript> pending = scripts.Where(s => !applied.Contains(s.Version)).ToList();
            string list = string.Join(", ", pending.Select(p => p.Version.Text));

            items.Add(await BackupItemAsync(session, pending, options, cancellationToken).ConfigureAwait(false));
            items.Add(await PointInTimeItemAsync(session, options, cancellationToken).ConfigureAwait(false));

            MigrationScript[] withoutDown = pending.Where(p => p.DownSql == null).ToArray();
            MigrationScript[] undoesNothing = pending.Where(p => p.DownIsEmpty && !p.UpIsEmpty && SchemaChange.IsMatch(p.UpSql)).ToArray();
            items.Add(withoutDown.Length > 0
                ? new ChecklistItem("Rollback script present", ChecklistStatus.Fail, $"No down script for {string.Join(", ", withoutDown.Select(w => $"{w.Version} ({w.Name})"))}.", "Write the down script next to each up script.")
                : undoesNothing.Length > 0
                ? new ChecklistItem("Rollback script present", ChecklistStatus.Warn, $"The down script of {string.Join(", ", undoesNothing.Select(w => $"{w.Version} ({w.Name})"))} is empty, but its up script changes the schema: undoing it would change nothing back.", "Write what takes the schema change back, or keep the empty down if the change is meant to stay.")
                : new ChecklistItem("Rollback script present", ChecklistStatus.Pass, pending.Count == 0 ? "No migration is pending." : $"Every pending migration ({list}) has a down script."));

            items.Add(await TestedItemAsync(session, pending, options, cancellationToken).ConfigureAwait(false));
            items.Add(await StagingItemAsync(pending, options, cancellationToken).ConfigureAwait(false));
            items.Add(WindowItem(options));
            items.Add(await QueriesItemAsync(target, options, cancellationToken).ConfigureAwait(false));
            items.ForEach(i => i.Target = target);
            return items;
        }

        /// <summary>The seed's last resort: a restore point is only worth taking where recovery to it works.</summary>
        private async Task<ChecklistItem> PointInTimeItemAsync(DatabaseSession session, ReadinessOptions options, CancellationToken cancellationToken)
        {
            const string Name = "Point-in-time recovery possible";
            if (!options.PointInTimeRecovery)
            {
                return new ChecklistItem(Name, ChecklistStatus.Skipped, "Not asked for.", "Give -PointInTimeRecovery where the release needs a restore point.");
            }

            string? why = await session.Target.Driver.RestorePoints.CheckAsync(session, cancellationToken).ConfigureAwait(false);
            if (why != null)
            {
                return new ChecklistItem(Name, ChecklistStatus.Fail, why, "New-MigrationRestorePoint works once this is fixed.");
            }

            // A restore point is reached by replaying onto a base backup: a server with none can only be recovered to after its next one.
            if (session.Target.Driver.Recovery == null)
            {
                return new ChecklistItem(Name, ChecklistStatus.Pass, "The database can be recovered to a restore point (its restore point is a backup of the file).");
            }

            const string TakeOne = "New-MigrationBackup -BaseBackup -Path <new folder>";
            BaseBackup? newest = (await new Recovery.BaseBackupCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false)).LastOrDefault(b => b.Verified);
            if (newest == null)
            {
                return new ChecklistItem(Name, ChecklistStatus.Fail, "Archiving works, but no base backup of this database is recorded: there is nothing to replay onto.", TakeOne);
            }

            // The catalog only says a backup was taken: its folder may have been cleaned up or damaged since.
            // The cheap check (files and sizes, the dump's end); Restore-MigrationDatabase checks every byte before use.
            if (!System.IO.Directory.Exists(newest.Path))
            {
                return new ChecklistItem(Name, ChecklistStatus.Warn, $"Archiving works; the newest base backup ({newest.CreatedAt:u}) is recorded in '{newest.Path}', which is not on this machine, so its files were not checked.", $"Run this where the base backups are kept, or {TakeOne}");
            }

            if (await session.Target.Driver.Recovery.CheckBaseBackupAsync(newest.Path, full: false, log, cancellationToken).ConfigureAwait(false) is string damage)
            {
                return new ChecklistItem(Name, ChecklistStatus.Fail, $"The newest base backup, in '{newest.Path}' ({newest.CreatedAt:u}), is damaged: {damage}", TakeOne);
            }

            DateTimeOffset since = (options.Now ?? DateTime.Now).ToUniversalTime() - options.BackupMaxAge;
            return newest.CreatedAt < since
                ? new ChecklistItem(Name, ChecklistStatus.Warn, $"Archiving works; the newest base backup is from {newest.CreatedAt:u}, older than {options.BackupMaxAge.TotalHours:0.#} h, so a recovery replays everything since.", TakeOne)
                : new ChecklistItem(Name, ChecklistStatus.Pass, $"Archiving works and a verified base backup from {newest.CreatedAt:u} is in '{newest.Path}', its files as recorded.");
        }

        private static async Task<ChecklistItem> BackupItemAsync(DatabaseSession session, IReadOnlyList<MigrationScript> pending, ReadinessOptions options, CancellationToken cancellationToken)
        {
            const string Name = "Backup taken and verified";
            var touched = new List<string>();
            foreach (string table in pending.SelectMany(p => TouchedTables.In(p.UpSql)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                // A table a pending migration creates has nothing to lose yet.
                if (await session.TableExistsAsync(null, table, cancellationToken).ConfigureAwait(false))
                {
                    touched.Add(table);
                }
            }

            if (touched.Count == 0)
            {
                return new ChecklistItem(Name, ChecklistStatus.Pass, "The pending migrations change no existing table.");
            }

            DateTimeOffset since = DateTimeOffset.UtcNow - options.BackupMaxAge;
            IReadOnlyList<MigrationBackup> backups = await new Backups.BackupCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
            bool recentDump = backups.Any(b => b.Kind == BackupKind.Dump && b.Verified && b.CreatedAt >= since);
            string[] uncovered = touched.Where(t => !recentDump && !backups.Any(b => b.Kind == BackupKind.Table && b.Verified && b.CreatedAt >= since && string.Equals(b.Table, t, StringComparison.OrdinalIgnoreCase))).ToArray();
            return uncovered.Length == 0
                ? new ChecklistItem(Name, ChecklistStatus.Pass, $"{string.Join(", ", touched)}: verified backup{(touched.Count == 1 ? "" : "s")} from the last {options.BackupMaxAge.TotalHours:0.#} h{(recentDump ? " (a verified dump)" : "")}.")
                : new ChecklistItem(Name, ChecklistStatus.Fail, $"No verified backup from the last {options.BackupMaxAge.TotalHours:0.#} h of {string.Join(", ", uncovered)}, which the pending migrations change.", $"New-MigrationBackup -Table {string.Join(", ", uncovered)}");
        }

        private async Task<ChecklistItem> TestedItemAsync(DatabaseSession session, IReadOnlyList<MigrationScript> pending, ReadinessOptions options, CancellationToken cancellationToken)
        {
            const string Name = "Rollback script tested";
            var tested = new HashSet<(string, string, string)>(await TestRecordsAsync(session, options.JournalTable, cancellationToken).ConfigureAwait(false));
            if (options.StagingDatabase != null)
            {
                await using DatabaseSession staging = await DatabaseSession.OpenAsync(options.StagingDatabase, log, cancellationToken).ConfigureAwait(false);
                tested.UnionWith(await TestRecordsAsync(staging, options.JournalTable, cancellationToken).ConfigureAwait(false));
            }

            MigrationScript[] untested = pending.Where(p => p.DownSql == null || !tested.Contains((p.Version.Text, p.Checksum, MigrationScript.Sha256(p.DownSql)))).ToArray();
            return untested.Length == 0
                ? new ChecklistItem(Name, ChecklistStatus.Pass, pending.Count == 0 ? "No migration is pending." : "Test-MigrationRollback passed for the exact up and down scripts of every pending migration.")
                : new ChecklistItem(Name, ChecklistStatus.Fail, $"No passed rollback test of the current scripts of {string.Join(", ", untested.Select(u => $"{u.Version} ({u.Name})"))}.", "Test-MigrationRollback -Path <folder> -Database <staging> -InTransaction");
        }

        private static async Task<IReadOnlyList<(string, string, string)>> TestRecordsAsync(DatabaseSession session, string? journalTable, CancellationToken cancellationToken)
        {
            string table = MigrationJournal.NameOf(journalTable) + "_tests";
            if (!await session.TableExistsAsync(null, table, cancellationToken).ConfigureAwait(false))
            {
                return Array.Empty<(string, string, string)>();
            }

            return await session.QueryAsync($"SELECT version, up_checksum, down_checksum FROM {session.Dialect.QuoteIdentifier(table)}", r => (r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken).ConfigureAwait(false);
        }

        private async Task<ChecklistItem> StagingItemAsync(IReadOnlyList<MigrationScript> pending, ReadinessOptions options, CancellationToken cancellationToken)
        {
            const string Name = "Tested on staging";
            if (options.StagingDatabase == null)
            {
                return new ChecklistItem(Name, ChecklistStatus.Skipped, "No -StagingDatabase given.", "Give -StagingDatabase: the staging copy that already runs these migrations.");
            }

            await using DatabaseSession staging = await DatabaseSession.OpenAsync(options.StagingDatabase, log, cancellationToken).ConfigureAwait(false);
            Dictionary<MigrationVersion, JournalEntry> there = (await new MigrationJournal(staging, options.JournalTable).ReadAsync(cancellationToken).ConfigureAwait(false))
                .Where(e => e.State == MigrationPlanner.StateApplied).ToDictionary(e => e.Version);
            MigrationScript[] missing = pending.Where(p => !there.TryGetValue(p.Version, out JournalEntry? e) || e.Checksum != p.Checksum).ToArray();
            return missing.Length == 0
                ? new ChecklistItem(Name, ChecklistStatus.Pass, $"{options.StagingDatabase.Url} runs every pending migration, with the same scripts.")
                : new ChecklistItem(Name, ChecklistStatus.Fail, $"{options.StagingDatabase.Url} does not run {string.Join(", ", missing.Select(m => $"{m.Version} ({m.Name})"))} with the current scripts.", "Invoke-Migration on the staging database first.");
        }

        private static ChecklistItem WindowItem(ReadinessOptions options)
        {
            const string Name = "Inside the maintenance window";
            if (options.MaintenanceWindow == null)
            {
                return new ChecklistItem(Name, ChecklistStatus.Skipped, "No -MaintenanceWindow given.");
            }

            DateTime now = options.Now ?? DateTime.Now;
            return MaintenanceWindow.Parse(options.MaintenanceWindow).Contains(now)
                ? new ChecklistItem(Name, ChecklistStatus.Pass, $"{now:ddd HH:mm} is inside {options.MaintenanceWindow}.")
                : new ChecklistItem(Name, ChecklistStatus.Fail, $"{now:ddd HH:mm} is outside {options.MaintenanceWindow}.", "Wait for the window, or agree another one.");
        }

        private async Task<ChecklistItem> QueriesItemAsync(DatabaseTarget target, ReadinessOptions options, CancellationToken cancellationToken)
        {
            const string Name = "No long-running or blocking queries";
            if (target.Driver.Sessions == null)
            {
                return new ChecklistItem(Name, ChecklistStatus.Skipped, "SQLite has no server sessions to check.");
            }

            IReadOnlyList<ActiveQuery> sessions = await new SessionService(log).ListAsync(target, new QueryFilter(), cancellationToken).ConfigureAwait(false);
            ActiveQuery[] trouble = sessions.Where(q => q.Blocking > 0 || (q.State != "idle" && q.Duration > options.MaxQueryDuration)).ToArray();
            return trouble.Length == 0
                ? new ChecklistItem(Name, ChecklistStatus.Pass, $"Nothing has run longer than {options.MaxQueryDuration.TotalSeconds:0} s, and nothing blocks.")
                : new ChecklistItem(Name, ChecklistStatus.Fail, string.Join("; ", trouble.Select(q => $"session {q.Id} ({q.User}, {q.State}, {q.Duration.TotalSeconds:0} s{(q.Blocking > 0 ? $", blocks {q.Blocking}" : "")})")), "Get-MigrationQuery -Blocking; wait, or Stop-MigrationQuery.");
        }
    }
}
