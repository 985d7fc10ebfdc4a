using System;
using System.Collections.Generic;
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
                $"Recovered copies of {target.Provider} databases are not built yet: PostgreSQL only, for now.",
                target);
    }
}
