using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Recovery;

namespace RollbackTools
{
    /// <summary>The engine behind New-MigrationBackup -BaseBackup, Restore-MigrationDatabase and Remove-MigrationDatabase.</summary>
    public sealed class RecoveryService
    {
        private readonly IEngineLog log;

        public RecoveryService(IEngineLog log)
        {
            this.log = log;
        }

        /// <summary>Takes the base backup and records it in the database's rollbacktools_base_backups.</summary>
        public async Task<BaseBackup> BaseBackupAsync(DatabaseTarget target, string path, CancellationToken cancellationToken)
        {
            BaseBackup backup = await RecoveryOf(target).BaseBackupAsync(target, path, log, cancellationToken).ConfigureAwait(false);
            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            await new BaseBackupCatalog(session).AddAsync(backup, await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return backup;
        }

        /// <summary>The base backups recorded in the database's rollbacktools_base_backups, oldest first.</summary>
        public async Task<IReadOnlyList<BaseBackup>> GetBaseBackupsAsync(DatabaseTarget target, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await new BaseBackupCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Every byte of a base backup against what was recorded when it was taken (pg_verifybackup; the dump's SHA-256).</summary>
        public async Task<BaseBackupTestResult> TestBaseBackupAsync(BaseBackup backup, CancellationToken cancellationToken)
        {
            string? problem = Directory.Exists(backup.Path)
                ? await RecoveryOf(backup.Target).CheckBaseBackupAsync(backup.Path, full: true, log, cancellationToken).ConfigureAwait(false)
                : $"'{backup.Path}' is not on this machine.";
            return new BaseBackupTestResult(backup, problem);
        }

        /// <summary>
        /// Deletes a base backup's folder and forgets it in rollbacktools_base_backups. Only a folder the catalog
        /// knows and that holds a base backup is deleted; one already gone only leaves the catalog.
        /// </summary>
        public async Task RemoveBaseBackupAsync(BaseBackup backup, CancellationToken cancellationToken)
        {
            IPointInTimeRecovery recovery = RecoveryOf(backup.Target);
            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(backup.Target, log, cancellationToken).ConfigureAwait(false);
            var catalog = new BaseBackupCatalog(session);
            if (!(await catalog.ReadAsync(cancellationToken).ConfigureAwait(false)).Any(b => b.Path == backup.Path))
            {
                throw new RollbackToolsException(ErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, $"{backup.Target.Url} has no base backup recorded in '{backup.Path}'; Get-MigrationBackup -BaseBackup lists them. Nothing was deleted.", backup.Path);
            }

            if (!Directory.Exists(backup.Path))
            {
                await catalog.RemoveAsync(backup.Path, cancellationToken).ConfigureAwait(false);
                log.Verbose($"'{backup.Path}' was gone already; the catalog of {backup.Target.Url} no longer lists it.");
                return;
            }

            if (!recovery.HoldsBaseBackup(backup.Path))
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"'{backup.Path}' does not hold a base backup any more; it is left as it is, and so is the catalog.", backup.Path);
            }

            // Moved aside first, so a deletion cut short leaves a folder named for what it was, never a listed backup with files missing.
            string aside = $"{backup.Path.TrimEnd(Path.DirectorySeparatorChar)}.rbt-removing-{Guid.NewGuid():N}";
            Directory.Move(backup.Path, aside);
            try
            {
                await catalog.RemoveAsync(backup.Path, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Directory.Move(aside, backup.Path);
                throw;
            }

            Directory.Delete(aside, recursive: true);
        }

        /// <summary>
        /// A copy of <paramref name="production"/> recovered to a restore point (or a moment) from a base backup and the
        /// WAL archive, in <paramref name="path"/> on <paramref name="port"/>; production is only read from.
        /// </summary>
        public Task<RecoveredDatabase> RecoverAsync(DatabaseTarget production, string baseBackup, string walArchive, string path, int port, string? restorePoint, DateTimeOffset? pointInTime, string? serverUser, Action<string>? phase, CancellationToken cancellationToken)
        {
            if ((restorePoint == null) == (pointInTime == null))
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, "Name one target: a restore point or a point in time.", production);
            }

            return RecoveryOf(production).RecoverAsync(production, new RecoveryRequest(baseBackup, walArchive, path, port, restorePoint, pointInTime, serverUser), log, phase, cancellationToken);
        }

        public Task RemoveAsync(RecoveredDatabase copy, CancellationToken cancellationToken) =>
            RecoveryOf(copy.Target).RemoveAsync(copy, log, cancellationToken);

        private static IPointInTimeRecovery RecoveryOf(DatabaseTarget target) =>
            target.Driver.Recovery ?? throw new RollbackToolsException(
                ErrorIds.NotSupported,
                FailureCategory.NotImplemented,
                $"{target.Provider} has no base backups or recovered copies: they are made on PostgreSQL, MariaDB and MySQL (a SQLite restore point is a checked copy of the file itself).",
                target);
    }
}
