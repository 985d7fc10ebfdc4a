using System;
using System.Collections.Generic;

namespace RollbackTools
{
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum RestoreMode : long
    {
        /// <summary>The seed's INSERT ... ON CONFLICT DO UPDATE: missing rows come back, changed rows are repaired, newer rows stay.</summary>
        Upsert,

        /// <summary>Every row deleted and the backup's inserted, in one transaction.</summary>
        Replace,

        /// <summary>The seed's column restore: re-add dropped columns with their recorded type and fill them by primary key.</summary>
        Columns,

        /// <summary>A whole-database dump loaded with pg_restore, mysql or SQLite's backup API.</summary>
        Dump,
    }

    /// <summary>What Restore-MigrationBackup will run, shown by -WhatIf and -Confirm before anything changes.</summary>
    public sealed class RestorePlan : IHasTarget
    {
        internal RestorePlan(MigrationBackup backup, RestoreMode mode, string schema, string table, IReadOnlyList<string> columns, IReadOnlyList<BackupColumn> columnsToAdd, IReadOnlyList<string> statements)
        {
            Backup = backup;
            Target = backup.Target;
            Mode = mode;
            Schema = schema;
            Table = table;
            Columns = columns;
            ColumnsToAdd = columnsToAdd;
            Statements = statements;
        }

        public MigrationBackup Backup { get; }

        /// <summary>The database restored into (the backup's own, or another one for a dump), by its URL without password; PowerShell sees the target itself.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; set; }

        DatabaseTarget? IHasTarget.Target => Target;

        public RestoreMode Mode { get; }

        public string Schema { get; }

        /// <summary>The table written to.</summary>
        public string Table { get; }

        /// <summary>The columns written.</summary>
        public IReadOnlyList<string> Columns { get; }

        /// <summary>Columns the table lost since the backup, re-added with their recorded type.</summary>
        public IReadOnlyList<BackupColumn> ColumnsToAdd { get; }

        /// <summary>The statements that change the table, in order.</summary>
        public IReadOnlyList<string> Statements { get; }
    }

    /// <summary>What a restore changed, and whether the table matched the backup afterwards.</summary>
    public sealed class RestoreResult : IHasTarget
    {
        internal RestoreResult(RestorePlan plan)
        {
            Table = plan.Table;
            BackupTable = plan.Backup.BackupTable ?? plan.Backup.Path ?? string.Empty;
            BackupId = plan.Backup.Id;
            Mode = plan.Mode;
            Target = plan.Target;
        }

        public string Table { get; }

        public string BackupTable { get; }

        public long BackupId { get; }

        public RestoreMode Mode { get; }

        public long Inserted { get; internal set; }

        public long Updated { get; internal set; }

        public long Deleted { get; internal set; }

        public ReadableList<string> AddedColumns { get; internal set; } = ReadableList<string>.Empty;

        /// <summary>True when the restored rows (or columns) were checked against the backup's checksum after the restore.</summary>
        public bool Verified { get; internal set; }

        /// <summary>How long the restore took, in milliseconds.</summary>
        public double DurationMs => Duration.TotalMilliseconds;

        internal TimeSpan Duration { get; set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;
    }
}
