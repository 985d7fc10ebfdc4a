using System;
using System.Collections.Generic;

namespace RollbackTools
{
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum BackupKind : long
    {
        /// <summary>A copy of a table (or part of one) in the same database.</summary>
        Table,

        /// <summary>A whole-database dump file: pg_dump, mysqldump or SQLite's online backup.</summary>
        Dump,
    }

    /// <summary>One column of a backed-up table as the catalog recorded it, so a dropped column can be re-added.</summary>
    public sealed record BackupColumn(string Name, string Type, bool NotNull, int KeyPosition);

    /// <summary>A backup as the catalog records it: what was copied, its row count and checksum, and until when it is kept.</summary>
    public sealed class MigrationBackup : IHasTarget
    {
        internal MigrationBackup(long id, BackupKind kind, DatabaseTarget database)
        {
            Id = id;
            Kind = kind;
            Target = database;
        }

        public long Id { get; }

        public BackupKind Kind { get; }

        public string? Schema { get; internal set; }

        /// <summary>The table that was backed up.</summary>
        public string? Table { get; internal set; }

        public string? BackupSchema { get; internal set; }

        public string? BackupTable { get; internal set; }

        public ReadableList<string> PrimaryKey { get; internal set; } = ReadableList<string>.Empty;

        public ReadableList<BackupColumn> Columns { get; internal set; } = ReadableList<BackupColumn>.Empty;

        /// <summary>The -Where predicate that limited the copy, if any.</summary>
        public string? Where { get; internal set; }

        public long RowCount { get; internal set; }

        /// <summary>Order-independent checksum over every copied column (dumps: the file's sha256).</summary>
        public string Checksum { get; internal set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; internal set; }

        public string CreatedBy { get; internal set; } = string.Empty;

        /// <summary>The newest applied migration when the backup was taken.</summary>
        public string? JournalVersion { get; internal set; }

        public DateTimeOffset ExpiresAt { get; internal set; }

        public bool Expired => ExpiresAt <= DateTimeOffset.UtcNow;

        /// <summary>The dump file.</summary>
        public string? Path { get; internal set; }

        public long? FileSize { get; internal set; }

        /// <summary>True when the last check (at creation or by Test-MigrationBackup) matched.</summary>
        public bool Verified { get; internal set; }

        /// <summary>A copy recorded before it was made, whose making never finished (a crash, a restart): never restored from; Remove-MigrationBackup drops it.</summary>
        public bool Incomplete { get; internal set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public override string ToString() => Kind == BackupKind.Table ? $"{Table} -> {BackupTable}" : Path ?? string.Empty;
    }
}
