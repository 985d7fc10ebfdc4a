using System;

namespace RollbackTools
{
    /// <summary>
    /// A named moment a database can be recovered to: on PostgreSQL a restore point in the archived WAL, on
    /// MariaDB and MySQL a binary-log position, on SQLite an online backup file. Recorded in the database's
    /// rollbacktools_restore_points catalog.
    /// </summary>
    public sealed class MigrationRestorePoint : IHasTarget
    {
        public MigrationRestorePoint(string name, DatabaseTarget database)
        {
            Name = name;
            Target = database;
        }

        public string Name { get; }

        public string Provider => Target.Provider.ToString();

        /// <summary>PostgreSQL: the WAL location pg_create_restore_point returned.</summary>
        public string? Lsn { get; internal set; }

        /// <summary>PostgreSQL: the timeline the point is on.</summary>
        public int? Timeline { get; internal set; }

        /// <summary>PostgreSQL: the WAL segment holding the point.</summary>
        public string? WalFile { get; internal set; }

        /// <summary>PostgreSQL: the segment had reached the archive when the command returned.</summary>
        public bool? Archived { get; internal set; }

        /// <summary>MariaDB/MySQL: the binary log file a replay stops at, and the position in it.</summary>
        public string? BinlogFile { get; internal set; }

        public long? BinlogPosition { get; internal set; }

        /// <summary>MariaDB/MySQL: the GTID position at the point, where the server keeps GTIDs.</summary>
        public string? Gtid { get; internal set; }

        /// <summary>SQLite: the online backup file that is the restore point.</summary>
        public string? Path { get; internal set; }

        public DateTimeOffset CreatedAt { get; internal set; }

        public string CreatedBy { get; internal set; } = string.Empty;

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        /// <summary>Where the point is, in the words of its database.</summary>
        public string Position =>
            Lsn != null ? $"LSN {Lsn} on timeline {Timeline} ({WalFile})"
            : BinlogFile != null ? $"{BinlogFile}:{BinlogPosition}{(string.IsNullOrEmpty(Gtid) ? string.Empty : $", GTID {Gtid}")}"
            : Path ?? string.Empty;

        public override string ToString() => $"{Name}: {Position}";
    }
}
