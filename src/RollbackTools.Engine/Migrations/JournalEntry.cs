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
}
