using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>One database of a rollout: its plan (or why it could not be planned), what it ran, how it ended.</summary>
    public sealed class RolloutDatabase
    {
        internal RolloutDatabase(DatabaseTarget target) => Target = target;

        public DatabaseTarget Target { get; }

        public MigrationPlan? Plan { get; internal set; }

        /// <summary>Why the database could not be planned or run; null when it ran to its end.</summary>
        public RollbackToolsException? Error { get; internal set; }

        public List<MigrationResult> Results { get; } = new List<MigrationResult>();

        /// <summary>The 1-based wave it belongs to; 0 before the rollout is cut into waves.</summary>
        public int Wave { get; internal set; }

        public bool Started { get; internal set; }

        /// <summary>The operator declined it (-Confirm): it runs nothing and counts as no failure.</summary>
        public bool Declined { get; private set; }

        public void Decline()
        {
            Declined = true;
            Plan = null;
        }

        public bool Failed => Error != null || Results.Exists(r => r.Status == MigrationStatus.Failed);
    }

    /// <summary>How a rollout ended.</summary>
    public sealed class RolloutOutcome
    {
        internal RolloutOutcome(string id, IReadOnlyList<RolloutDatabase> databases, int? stoppedAfterWave)
        {
            Id = id;
            Databases = databases;
            StoppedAfterWave = stoppedAfterWave;
        }

        /// <summary>Stamped as the run id on every history row the rollout wrote, on every database.</summary>
        public string Id { get; }

        public IReadOnlyList<RolloutDatabase> Databases { get; }

        /// <summary>The wave whose failures stopped the rollout; null when every wave ran.</summary>
        public int? StoppedAfterWave { get; }
    }

    /// <summary>Hears about a rollout's databases and steps, from many threads at once.</summary>
    public interface IRolloutObserver
    {
        void DatabaseStarting(RolloutDatabase database, int index, int total);

        void StepStarting(RolloutDatabase database, MigrationStep step, int index, int total);

        void Completed(MigrationResult result);

        void DatabaseDone(RolloutDatabase database, int done, int total);
    }
}
