using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>What a run would do, computed before anything changes so the caller can confirm each step.</summary>
    public sealed class MigrationPlan
    {
        internal MigrationPlan(DatabaseTarget database, string journalTable, MigrationDirection direction, IReadOnlyList<MigrationStep> steps, MigrationRunOptions options, bool force)
        {
            Database = database;
            JournalTable = journalTable;
            Direction = direction;
            Steps = steps;
            Options = options;
            Force = force;
        }

        public DatabaseTarget Database { get; }

        public string JournalTable { get; }

        public MigrationDirection Direction { get; }

        /// <summary>In the order they run: oldest first up, newest first down.</summary>
        public IReadOnlyList<MigrationStep> Steps { get; }

        public MigrationRunOptions Options { get; }

        internal bool Force { get; }

        /// <summary>Stamped on every history row this plan writes, so the migrations applied together can be found again.</summary>
        public string RunId { get; internal set; } = Guid.NewGuid().ToString("N");
    }

    /// <summary>Hears about each step as it starts and ends, so a cmdlet can show progress and stream results.</summary>
    public interface IMigrationObserver
    {
        void Starting(MigrationStep step, int index, int total);

        void Completed(MigrationResult result);
    }
}
