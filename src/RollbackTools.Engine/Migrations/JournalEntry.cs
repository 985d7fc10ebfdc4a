using System;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>The journal's row for one migration: enough to undo it without the files.</summary>
    internal sealed record JournalEntry(
        MigrationVersion Version,
        string Name,
        string Checksum,
        string? DownScript,
        bool DownInTransaction,
        string State,
        int StatementsDone,
        DateTimeOffset AppliedAt,
        string AppliedBy,
        TimeSpan Duration,
        string? Error);

    /// <summary>One append-only history row: an up, a down, a failure or a state change.</summary>
    internal sealed record HistoryEntry(
        MigrationVersion Version,
        string Name,
        string Action,
        string Status,
        DateTimeOffset At,
        string By,
        TimeSpan Duration,
        int StatementsDone,
        string? Checksum,
        string? Error);
}
