using System.Collections.Generic;
using System.Management.Automation;
using RollbackTools.Commands;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// A rollout on the prompt: the fleet as a parent progress bar, each database in flight as a child bar,
    /// each result written as it completes, a failed one also as a MigrationFailed error.
    /// </summary>
    internal sealed class RolloutProgress : IRolloutObserver
    {
        private const int FleetActivityId = 1;
        private readonly RollbackToolsCmdlet cmdlet;
        private readonly PipelineDispatcher dispatcher;
        private readonly string activity;
        private readonly Dictionary<RolloutDatabase, int> bars = new Dictionary<RolloutDatabase, int>();
        private readonly SortedSet<int> freeBars = new SortedSet<int>();
        private int nextBar = FleetActivityId + 1;

        public RolloutProgress(RollbackToolsCmdlet cmdlet, PipelineDispatcher dispatcher, string activity)
        {
            this.cmdlet = cmdlet;
            this.dispatcher = dispatcher;
            this.activity = activity;
        }

        public void DatabaseStarting(RolloutDatabase database, int index, int total) => dispatcher.Post(() =>
        {
            cmdlet.ReportProgress(new ProgressRecord(FleetActivityId, activity, $"{index} of {total} databases done; wave {database.Wave}") { PercentComplete = index * 100 / total });
            cmdlet.ReportProgress(new ProgressRecord(BarOf(database), database.Target.Url, "Starting") { ParentActivityId = FleetActivityId });
        });

        public void StepStarting(RolloutDatabase database, MigrationStep step, int index, int total) => dispatcher.Post(() =>
            cmdlet.ReportProgress(new ProgressRecord(BarOf(database), database.Target.Url, $"{step.Direction} {step.Version} {step.Name} ({index + 1} of {total})")
            {
                ParentActivityId = FleetActivityId,
                PercentComplete = index * 100 / total,
            }));

        public void Completed(MigrationResult result) => dispatcher.Post(() =>
        {
            cmdlet.WriteObject(result);
            if (result.Status == MigrationStatus.Failed)
            {
                cmdlet.WriteEngineError(new RollbackToolsException(ErrorIds.MigrationFailed, FailureCategory.InvalidOperation, $"{result.Target.Url}: migration {result.TypedVersion} ({result.Name}) failed {result.Direction.ToString().ToLowerInvariant()}: {result.Error}", result));
            }
        });

        public void DatabaseDone(RolloutDatabase database, int done, int total) => dispatcher.Post(() =>
        {
            int bar = BarOf(database);
            cmdlet.ReportProgress(new ProgressRecord(bar, database.Target.Url, "Done") { ParentActivityId = FleetActivityId, RecordType = ProgressRecordType.Completed });
            bars.Remove(database);
            freeBars.Add(bar);
            cmdlet.ReportProgress(new ProgressRecord(FleetActivityId, activity, $"{done} of {total} databases done") { PercentComplete = done * 100 / total });
        });

        public void Finish() => cmdlet.ReportProgress(new ProgressRecord(FleetActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });

        // Bars are reused once their database is done, so a fleet of hundreds shows ThrottleLimit bars at most.
        private int BarOf(RolloutDatabase database)
        {
            if (!bars.TryGetValue(database, out int bar))
            {
                bar = freeBars.Count > 0 ? freeBars.Min : nextBar++;
                freeBars.Remove(bar);
                bars[database] = bar;
            }

            return bar;
        }
    }
}
