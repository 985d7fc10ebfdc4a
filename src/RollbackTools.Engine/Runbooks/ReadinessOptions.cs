using System;

namespace RollbackTools
{
    /// <summary>What Test-MigrationReadiness checks against.</summary>
    public sealed class ReadinessOptions
    {
        public string? JournalTable { get; set; }

        /// <summary>How old the newest verified backup of a touched table may be.</summary>
        public TimeSpan BackupMaxAge { get; set; } = TimeSpan.FromHours(24);

        /// <summary>A staging database that must already be at the target version (and may hold the rollback-test records).</summary>
        public DatabaseTarget? StagingDatabase { get; set; }

        /// <summary>Check that the database can be recovered to a point in time (-PointInTimeRecovery); skipped otherwise.</summary>
        public bool PointInTimeRecovery { get; set; }

        /// <summary>"Sat 02:00-04:00": the run must happen inside it.</summary>
        public string? MaintenanceWindow { get; set; }

        /// <summary>Statements (or open transactions) running longer than this fail the check.</summary>
        public TimeSpan MaxQueryDuration { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>The local time to judge the window by; now when null.</summary>
        public DateTime? Now { get; set; }
    }
}
