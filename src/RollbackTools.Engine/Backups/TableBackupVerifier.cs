using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups
{
    /// <summary>Re-counts and re-checksums a backup table against its catalog row.</summary>
    internal static class TableBackupVerifier
    {
        public static async Task<BackupTestResult> TestAsync(DatabaseSession session, MigrationBackup backup, CancellationToken cancellationToken)
        {
            if (!await session.TableExistsAsync(backup.BackupSchema, backup.BackupTable!, cancellationToken).ConfigureAwait(false))
            {
                return new BackupTestResult(backup, false, $"The backup table {backup.BackupSchema}.{backup.BackupTable} no longer exists.");
            }

            TableChecksum now;
            try
            {
                now = await TableChecksum.ComputeAsync(session, backup.BackupSchema, backup.BackupTable!, backup.Columns, null, false, cancellationToken).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex) when (ex.ErrorId == ErrorIds.QueryFailed)
            {
                return new BackupTestResult(backup, false, $"The backup table {backup.BackupTable} cannot be read as recorded (a column was changed?): {ex.Message}");
            }

            var recorded = new TableChecksum(backup.RowCount, backup.Checksum);
            return now == recorded
                ? new BackupTestResult(backup, true, $"{now}, as recorded.") { ContentProven = true }
                : new BackupTestResult(backup, false, $"The backup table changed since it was taken: {now} now, {recorded} recorded.");
        }

        /// <summary>Throws BackupVerificationFailed unless the backup is intact: nothing is restored from a damaged copy.</summary>
        public static async Task EnsureIntactAsync(DatabaseSession session, MigrationBackup backup, CancellationToken cancellationToken)
        {
            BackupTestResult test = await TestAsync(session, backup, cancellationToken).ConfigureAwait(false);
            if (!test.Passed)
            {
                throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"Backup {backup.Id} ({backup.BackupTable}) cannot be trusted: {test.Reason} Nothing was restored.", backup);
            }
        }
    }
}
