using System;

namespace RollbackTools
{
    /// <summary>
    /// One append-only history row: an up, a down, a failure or a manual state change.
    /// Action is Up, Down, ForceDown or SetState; Status is Succeeded, Failed, Dirty, Applied or Pending.
    /// </summary>
    public sealed record MigrationHistoryEntry(
        MigrationVersion Version,
        string Name,
        string Action,
        string Status,
        DateTimeOffset At,
        string By,
        TimeSpan Duration,
        int StatementsDone,
        string? Checksum,
        string? Error)
    {
        public DatabaseTarget? Database { get; init; }

        /// <summary>The statement that failed, cut at <see cref="StatementQuote.MaxLength"/> characters; null when none did.</summary>
        public string? FailedStatement { get; init; }

        /// <summary>The same for every step of one Invoke- or Undo-Migration call: what was applied together.</summary>
        public string? RunId { get; init; }
    }
}
