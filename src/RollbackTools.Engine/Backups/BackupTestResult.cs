namespace RollbackTools
{
    /// <summary>Whether a backup still holds what the catalog says it does, and why not.</summary>
    public sealed class BackupTestResult : IHasTarget
    {
        internal BackupTestResult(MigrationBackup backup, bool passed, string reason)
        {
            Backup = backup;
            Passed = passed;
            Reason = reason;
        }

        public MigrationBackup Backup { get; }

        /// <summary>Whether every byte was compared with a recorded sha256 (catalog or manifest), not only the structure read.</summary>
        public bool ContentProven { get; internal init; }

        public long Id => Backup.Id;

        public BackupKind Kind => Backup.Kind;

        /// <summary>The backup table, or the dump file.</summary>
        public string Name => Backup.BackupTable ?? Backup.Path ?? string.Empty;

        public bool Passed { get; }

        public string Reason { get; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Backup.Database;

        DatabaseTarget? IHasTarget.Target => Backup.Target;
    }
}
