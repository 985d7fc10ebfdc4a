using System;

namespace RollbackTools
{
    /// <summary>One append-only history row: an up, a down, a failure, a manual state change, a recovery action.</summary>
    public sealed record MigrationHistoryEntry(
        MigrationVersion TypedVersion,
        string Name,
        HistoryAction Action,
        HistoryStatus Status,
        DateTimeOffset At,
        string By,
        TimeSpan Duration,
        int StatementsDone,
        string? Checksum,
        string? Error) : IHasTarget, IHasVersion
    {
        /// <summary>The version as text; PowerShell sees it typed (it sorts as a version).</summary>
        public string Version => TypedVersion.Text;

        internal MigrationVersion TypedVersion { get; init; } = TypedVersion;

        MigrationVersion? IHasVersion.TypedVersion => TypedVersion;

        /// <summary>How long the step ran, in milliseconds.</summary>
        public double DurationMs => Duration.TotalMilliseconds;

        internal TimeSpan Duration { get; init; } = Duration;

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string? Database => Target?.Url;

        internal DatabaseTarget? Target { get; init; }

        DatabaseTarget? IHasTarget.Target => Target;

        /// <summary>A row stamped now, with nothing measured yet: the rest is set with <c>with</c>.</summary>
        public static MigrationHistoryEntry Now(MigrationVersion version, string name, HistoryAction action, HistoryStatus status, string by) =>
            new MigrationHistoryEntry(version, name, action, status, DateTimeOffset.UtcNow, by, TimeSpan.Zero, 0, null, null);

        /// <summary>Version 0: recovery actions that belong to no migration (restores, stopped sessions).</summary>
        public static MigrationVersion NoMigration { get; } = MigrationVersion.Parse("0");

        /// <summary>The statement that failed, cut at <see cref="StatementQuote.MaxLength"/> characters; null when none did.</summary>
        public string? FailedStatement { get; init; }

        /// <summary>The database's code for the error, as the driver gave it; null when none (or written by an older release).</summary>
        public string? ErrorCode { get; init; }

        /// <summary>The same for every step of one Invoke- or Undo-Migration call: what was applied together.</summary>
        public string? RunId { get; init; }
    }
}
