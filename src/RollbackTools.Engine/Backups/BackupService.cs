using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools
{
    /// <summary>
    /// The backups engine behind New-, Get-, Test-, Restore- and Remove-MigrationBackup: verified table
    /// copies and dumps, recorded in a catalog table in the target database.
    /// </summary>
    public sealed class BackupService
    {
        private readonly IEngineLog log;

        public BackupService(IEngineLog log)
        {
            this.log = log;
        }

        /// <summary>
        /// Backs up each table in turn. <paramref name="onStarting"/> hears of each table as its copy starts and
        /// <paramref name="onBackedUp"/> of each verified backup as it is recorded, so a later failure loses none.
        /// </summary>
        public async Task<IReadOnlyList<MigrationBackup>> BackupTablesAsync(DatabaseTarget target, IReadOnlyList<string> tables, TableBackupOptions options, Action<string, int, int>? onStarting, Action<MigrationBackup>? onBackedUp, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            var catalog = new BackupCatalog(session);
            await catalog.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            string createdBy = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
            string? version = await CurrentVersionAsync(session, options.JournalTable, cancellationToken).ConfigureAwait(false);
            var writer = new TableBackupWriter(session, catalog, log);
            var backups = new List<MigrationBackup>();
            for (int i = 0; i < tables.Count; i++)
            {
                onStarting?.Invoke(tables[i], i, tables.Count);
                MigrationBackup backup = await writer.BackupAsync(tables[i], options, createdBy, version, cancellationToken).ConfigureAwait(false);
                backups.Add(backup);
                onBackedUp?.Invoke(backup);
            }

            return backups;
        }

        /// <summary>Every backup in the catalog, oldest first; nothing, and nothing created, when there is no catalog.</summary>
        public async Task<IReadOnlyList<MigrationBackup>> GetAsync(DatabaseTarget target, CancellationToken cancellationToken)
        {
            if (DatabaseSession.IsAbsent(target))
            {
                return Array.Empty<MigrationBackup>();
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await new BackupCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Re-checks a backup and records the outcome in the catalog.</summary>
        public async Task<BackupTestResult> TestAsync(MigrationBackup backup, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(backup.Database, log, cancellationToken).ConfigureAwait(false);
            BackupTestResult result = await TableBackupVerifier.TestAsync(session, backup, cancellationToken).ConfigureAwait(false);
            await new BackupCatalog(session).SetVerifiedAsync(backup.Id, result.Passed, cancellationToken).ConfigureAwait(false);
            backup.Verified = result.Passed;
            return result;
        }

        /// <summary>Checks the backup is intact and works out the statements; changes nothing.</summary>
        public async Task<RestorePlan> PlanRestoreAsync(MigrationBackup backup, RestoreMode mode, IReadOnlyList<string>? columns, string? intoTable, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(backup.Database, log, cancellationToken).ConfigureAwait(false);
            await TableBackupVerifier.EnsureIntactAsync(session, backup, cancellationToken).ConfigureAwait(false);
            return await new BackupRestorer(session, log).PlanAsync(backup, mode, columns, intoTable, cancellationToken).ConfigureAwait(false);
        }

        public async Task<RestoreResult> RestoreAsync(RestorePlan plan, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(plan.Backup.Database, log, cancellationToken).ConfigureAwait(false);
            return await new BackupRestorer(session, log).RunAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Drops the backup table (or deletes the dump file) and its catalog row.</summary>
        public async Task RemoveAsync(MigrationBackup backup, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(backup.Database, log, cancellationToken).ConfigureAwait(false);
            if (backup.Kind == BackupKind.Table)
            {
                await session.ExecuteAsync($"DROP TABLE IF EXISTS {session.Dialect.QualifiedName(backup.BackupSchema, backup.BackupTable!)}", cancellationToken).ConfigureAwait(false);
            }
            else if (backup.Path != null && System.IO.File.Exists(backup.Path))
            {
                System.IO.File.Delete(backup.Path);
            }

            await new BackupCatalog(session).RemoveAsync(backup.Id, cancellationToken).ConfigureAwait(false);
            log.Verbose($"Removed backup {backup.Id} ({backup}).");
        }

        private static async Task<string?> CurrentVersionAsync(DatabaseSession session, string? journalTable, CancellationToken cancellationToken)
        {
            IReadOnlyList<JournalEntry> entries = await new MigrationJournal(session, journalTable).ReadAsync(cancellationToken).ConfigureAwait(false);
            return entries.LastOrDefault(e => e.State == MigrationPlanner.StateApplied)?.Version.Text;
        }
    }
}
