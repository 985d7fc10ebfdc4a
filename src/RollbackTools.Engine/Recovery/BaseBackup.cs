using System;

namespace RollbackTools
{
    /// <summary>A base backup a recovered copy is built from: a pg_basebackup folder with its manifest verified, or (MariaDB, MySQL) a dump with its binary-log position.</summary>
    public sealed class BaseBackup : IHasTarget
    {
        public BaseBackup(string path, DatabaseTarget database)
        {
            Path = path;
            Target = database;
        }

        public string Path { get; }

        /// <summary>Where in the WAL the backup starts (its backup_label); a point before this cannot be reached from it.</summary>
        public string? StartLsn { get; internal set; }

        /// <summary>MariaDB/MySQL: the binary-log position the dump was taken at, where a replay starts.</summary>
        public string? BinlogFile { get; internal set; }

        public long? BinlogPosition { get; internal set; }

        public long Size { get; internal set; }

        /// <summary>pg_verifybackup found every file as the manifest says.</summary>
        public bool Verified { get; internal set; }

        public DateTimeOffset CreatedAt { get; internal set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public override string ToString() => $"{Path} (from {StartLsn ?? $"{BinlogFile}:{BinlogPosition}"})";
    }

    /// <summary>A copy of a database recovered beside production, on its own folder and port, that Remove-MigrationDatabase takes away.</summary>
    public sealed class RecoveredDatabase : IHasTarget
    {
        public RecoveredDatabase(DatabaseTarget database, string path, int port, string target)
        {
            Target = database;
            Path = path;
            Port = port;
            RecoveredTo = target;
        }

        /// <summary>The copy, by its URL without password; PowerShell sees the target itself, for every cmdlet's -Database (the production login on 127.0.0.1 and the copy's port).</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        /// <summary>The copy's data folder.</summary>
        public string Path { get; }

        public int Port { get; }

        /// <summary>The restore point or the moment the copy was recovered to.</summary>
        public string RecoveredTo { get; }

        public string Url => Target.Url;

        public override string ToString() => $"{Target.Url} (recovered to {RecoveredTo}, in {Path})";
    }
}
