using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>What New-MigrationBackup -Table copies, where to, and for how long it is kept.</summary>
    public sealed class TableBackupOptions
    {
        public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

        /// <summary>The schema of the tables; the connection's current one when null.</summary>
        public string? Schema { get; set; }

        /// <summary>Where the copies go; the source's schema when null.</summary>
        public string? BackupSchema { get; set; }

        /// <summary>Only these columns (the primary key is always added, so the copy can be restored).</summary>
        public IReadOnlyList<string>? Columns { get; set; }

        /// <summary>An SQL predicate over the source table limiting the rows copied. It is SQL, written by the operator.</summary>
        public string? Where { get; set; }

        public TimeSpan RetainFor { get; set; } = DefaultRetention;

        /// <summary>The migration journal whose current version the catalog records.</summary>
        public string? JournalTable { get; set; }

        /// <summary>Hears, about twice a second while a copy is filled, the table, the rows written so far and the server's estimate of all; only where the server tells (MariaDB, MySQL).</summary>
        public Action<string, long, long?>? OnRowsCopied { get; set; }
    }
}
