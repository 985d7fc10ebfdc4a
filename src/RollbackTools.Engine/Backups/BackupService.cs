using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups;
using RollbackTools.Engine.Backups.Dumps;
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
            RollbackTools.Engine.Storage.Retention.Checked(options.RetainFor);
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
            if (target.IsAbsent)
            {
                return Array.Empty<MigrationBackup>();
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await new BackupCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Dumps the whole database to <paramref name="path"/> with the database's own tool, checks the file, and
        /// records its sha256 and size. The file appears under its name only once it is complete and checked.
        /// </summary>
        public async Task<MigrationBackup> DumpAsync(DatabaseTarget target, string path, TimeSpan retainFor, string? journalTable, CancellationToken cancellationToken)
        {
            RollbackTools.Engine.Storage.Retention.Checked(retainFor);
            if (File.Exists(path))
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"'{path}' exists already; a backup never overwrites a file. Choose another -Path or remove it first.", path);
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            var catalog = new BackupCatalog(session);
            await catalog.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            DumpFiles.EnsureFolder(path);
            string partial = path + ".partial";
            string tool;
            try
            {
                tool = await session.DumpTool.DumpAsync(session, partial, log, cancellationToken).ConfigureAwait(false);
                string? problem = await session.DumpTool.CheckAsync(partial, log, cancellationToken).ConfigureAwait(false);
                if (problem != null)
                {
                    throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The dump of {target.Url} failed its check and was deleted: {problem}", path);
                }

                File.Move(partial, path);
            }
            finally
            {
                File.Delete(partial);
            }

            DateTimeOffset now = DateTimeOffset.UtcNow;
            var backup = new MigrationBackup(0, BackupKind.Dump, target)
            {
                Path = path,
                FileSize = new FileInfo(path).Length,
                Checksum = await DumpFiles.Sha256Async(path, cancellationToken).ConfigureAwait(false),
                CreatedAt = now,
                CreatedBy = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false),
                JournalVersion = await CurrentVersionAsync(session, journalTable, cancellationToken).ConfigureAwait(false),
                ExpiresAt = now + retainFor,
                Verified = true,
            };
            var manifest = new DumpManifest(DumpManifest.FormatName, backup.Checksum, backup.FileSize ?? 0, Path.GetFileName(tool.Split(' ')[0]), tool, session.Connection.ServerVersion, target.Url, backup.JournalVersion, now);
            await manifest.WriteAsync(path, cancellationToken).ConfigureAwait(false);
            return await catalog.AddAsync(backup, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Re-checks a backup and records the outcome in the catalog.</summary>
        public async Task<BackupTestResult> TestAsync(MigrationBackup backup, CancellationToken cancellationToken)
        {
            if (backup.Incomplete)
            {
                // Its mark stays: the catalog must keep saying that this copy never finished.
                return new BackupTestResult(backup, false, $"Backup {backup.Id} of {backup.Table} never finished (the session making it ended); it holds nothing to trust. Remove it with Remove-MigrationBackup.");
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(backup.Target, log, cancellationToken).ConfigureAwait(false);
            BackupTestResult result = backup.Kind == BackupKind.Table
                ? await TableBackupVerifier.TestAsync(session, backup, cancellationToken).ConfigureAwait(false)
                : await DumpFiles.TestAsync(session.DumpTool, backup, log, cancellationToken).ConfigureAwait(false);
            await new BackupCatalog(session).SetVerifiedAsync(backup.Id, result.Passed, cancellationToken).ConfigureAwait(false);
            backup.Verified = result.Passed;
            return result;
        }

        /// <summary>
        /// The catalog's backup for a dump file, or, for a file the catalog of <paramref name="target"/> does not
        /// know, a stand-in that can be checked and restored by the file's own content only.
        /// </summary>
        public async Task<MigrationBackup> FindDumpAsync(DatabaseTarget target, string path, CancellationToken cancellationToken)
        {
            if (!File.Exists(path))
            {
                throw new RollbackToolsException(ErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, $"There is no dump file '{path}'.", path);
            }

            IReadOnlyList<MigrationBackup> all = await GetAsync(target, cancellationToken).ConfigureAwait(false);
            return all.LastOrDefault(b => b.Kind == BackupKind.Dump && b.Path == path)
                ?? new MigrationBackup(0, BackupKind.Dump, target) { Path = path, FileSize = new FileInfo(path).Length };
        }

        /// <summary>
        /// A table of another database of the same kind (a copy Restore-MigrationDatabase recovered) kept here as a
        /// verified table backup, to restore from with the usual modes and checks.
        /// </summary>
        public Task<MigrationBackup> ImportTableAsync(DatabaseTarget from, DatabaseTarget into, string table, TimeSpan retainFor, CancellationToken cancellationToken) =>
            new CopiedTableImporter(log).ImportAsync(from, into, table, retainFor, cancellationToken);

        /// <summary>Checks the backup is intact and works out what will run; changes nothing.</summary>
        /// <param name="into">For a dump, the database to load it into; a table backup is always restored where it was taken.</param>
        public async Task<RestorePlan> PlanRestoreAsync(MigrationBackup backup, RestoreMode mode, IReadOnlyList<string>? columns, DatabaseTarget? into, CancellationToken cancellationToken)
        {
            if (backup.Kind == BackupKind.Dump)
            {
                DatabaseTarget target = into ?? backup.Target;
                BackupTestResult test = await DumpFiles.TestAsync(target.Driver.DumpTool, backup, log, cancellationToken).ConfigureAwait(false);
                if (!test.Passed)
                {
                    throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"The dump '{backup.Path}' cannot be trusted: {test.Reason} Nothing was restored; {target.Url} is untouched.", backup);
                }

                if (!test.ContentProven)
                {
                    log.Warning($"The dump '{backup.Path}': {test.Reason}");
                }

                return new RestorePlan(backup, RestoreMode.Dump, string.Empty, target.DatabaseName, Array.Empty<string>(), Array.Empty<BackupColumn>(), new[] { $"load {backup.Path} into {target.Url}, replacing the objects it contains" }) { Target = target };
            }

            if (backup.Incomplete)
            {
                throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"Backup {backup.Id} of {backup.Table} never finished, so nothing can be restored from it; {backup.Table} is untouched.", backup);
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(backup.Target, log, cancellationToken).ConfigureAwait(false);
            await TableBackupVerifier.EnsureIntactAsync(session, backup, cancellationToken).ConfigureAwait(false);
            return await new BackupRestorer(session, log).PlanAsync(backup, mode, columns, null, cancellationToken).ConfigureAwait(false);
        }

        public async Task<RestoreResult> RestoreAsync(RestorePlan plan, CancellationToken cancellationToken)
        {
            if (plan.Mode == RestoreMode.Dump)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await plan.Target.Driver.DumpTool.RestoreAsync(plan.Target, plan.Backup.Path!, log, cancellationToken).ConfigureAwait(false);
                return new RestoreResult(plan) { Verified = true, Duration = clock.Elapsed };
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(plan.Backup.Target, log, cancellationToken).ConfigureAwait(false);
            RestoreResult result = await new BackupRestorer(session, log).RunAsync(plan, cancellationToken).ConfigureAwait(false);
            await HistoryWriter.WriteAsync(
                session,
                null,
                by => MigrationHistoryEntry.Now(MigrationHistoryEntry.NoMigration, $"Restore {plan.Table} from backup {plan.Backup.Id}", HistoryAction.Restore, HistoryStatus.Succeeded, by) with
                {
                    Duration = result.Duration,
                    Error = $"{plan.Mode}: {result.Inserted} inserted, {result.Updated} updated, {result.Deleted} deleted",
                },
                HistoryPolicy.Courtesy,
                CancellationToken.None).ConfigureAwait(false);
            return result;
        }

        /// <summary>Drops the backup table (or deletes the dump file) and its catalog row.</summary>
        public async Task RemoveAsync(MigrationBackup backup, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(backup.Target, log, cancellationToken).ConfigureAwait(false);
            if (backup.Kind == BackupKind.Table)
            {
                await session.ExecuteAsync($"DROP TABLE IF EXISTS {session.Dialect.QualifiedName(backup.BackupSchema, backup.BackupTable!)}", cancellationToken).ConfigureAwait(false);
            }
            else if (backup.Path != null)
            {
                File.Delete(backup.Path);
                File.Delete(DumpManifest.PathFor(backup.Path));
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
