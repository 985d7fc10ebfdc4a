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
        string? Error)
    {
        /// <summary>The up script as it ran: the tables a run touched are found from it after the files are gone.</summary>
        public string? UpScript { get; init; }

        /// <summary>The row for a migration from its script, stamped now.</summary>
        public static JournalEntry Of(MigrationScript script, string state, int statementsDone, string appliedBy, TimeSpan duration, string? error) =>
            new JournalEntry(script.Version, script.Name, script.Checksum, script.DownSql, script.DownInTransaction, state, statementsDone, DateTimeOffset.UtcNow, appliedBy, duration, error) { UpScript = script.UpSql };
    }
}
