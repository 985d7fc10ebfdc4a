using System;

namespace RollbackTools
{
    /// <summary>Where one database of a fleet stands, worst first.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum FleetState : long
    {
        UpToDate,
        Pending,
        Drifted,
        Failed,
        Dirty,
        Unreachable,
    }

    /// <summary>One row of Get-MigrationFleet: a database's version, what is pending, what is wrong.</summary>
    public sealed class FleetDatabaseStatus : IHasTarget, IHasVersion
    {
        internal FleetDatabaseStatus(DatabaseTarget database) => Target = database;

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public FleetState State { get; internal set; }

        /// <summary>The newest applied migration; null when none is.</summary>
        /// <summary>The version as text; PowerShell sees it typed (it sorts as a version).</summary>
        public string? Version => TypedVersion?.Text;

        internal MigrationVersion? TypedVersion { get; set; }

        MigrationVersion? IHasVersion.TypedVersion => TypedVersion;

        public int Pending { get; internal set; }

        public int Dirty { get; internal set; }

        public int Failed { get; internal set; }

        /// <summary>When the newest applied migration was applied.</summary>
        public DateTimeOffset? LastRun { get; internal set; }

        /// <summary>How many schema differences Test-MigrationDrift found; null when -Drift was not asked.</summary>
        public int? Drift { get; internal set; }

        /// <summary>Why the database could not be read.</summary>
        public string? Error { get; internal set; }

        public override string ToString() => $"{Target.Url}: {State}";
    }

    /// <summary>A count of the fleet's databases in one state (Get-MigrationFleet -Summary).</summary>
    public sealed record FleetSummary(FleetState State, int Count);
}
