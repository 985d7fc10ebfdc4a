namespace RollbackTools
{
    /// <summary>Whether a backup still holds what the catalog says it does, and why not.</summary>
    public sealed class BackupTestResult
    {
        internal BackupTestResult(MigrationBackup backup, bool passed, string reason)
        {
            Backup = backup;
            Passed = passed;
            Reason = reason;
        }

        public MigrationBackup Backup { get; }

        public long Id => Backup.Id;

        public BackupKind Kind => Backup.Kind;

        /// <summary>The backup table, or the dump file.</summary>
        public string Name => Backup.BackupTable ?? Backup.Path ?? string.Empty;

        public bool Passed { get; }

        public string Reason { get; }

        public DatabaseTarget Database => Backup.Database;
    }
}
