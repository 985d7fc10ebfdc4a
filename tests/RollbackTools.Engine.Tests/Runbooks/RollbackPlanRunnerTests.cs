using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace RollbackTools.Engine.Tests.Runbooks
{
    /// <summary>Several plans at once on SQLite files of their own: each stops at its own failure and only there.</summary>
    public sealed class RollbackPlanRunnerTests : IDisposable
    {
        private readonly string root = Path.Combine(Path.GetTempPath(), "rbt-planrunner-" + Guid.NewGuid().ToString("N"));

        public RollbackPlanRunnerTests()
        {
            Directory.CreateDirectory(Path.Combine(root, "migrations"));
            File.WriteAllText(Path.Combine(root, "migrations", "1_widgets.up.sql"), "CREATE TABLE widgets (id INTEGER);");
            File.WriteAllText(Path.Combine(root, "migrations", "1_widgets.down.sql"), "DROP TABLE widgets;");
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        [Fact]
        public async Task EachPlanRunsItsApprovedStepsAndStopsAtItsOwnFailure()
        {
            DatabaseTarget[] fleet = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => AppliedAsync($"db{i}.db")));
            var calls = new ConcurrentBag<string>();
            var runner = new RollbackPlanRunner(NullEngineLog.Instance, (step, _) =>
            {
                calls.Add(step.Command);
                return Task.FromResult(step.Command == "fail" ? "the deployment tool said no" : null);
            });
            var plans = new List<ApprovedRollbackPlan>
            {
                new ApprovedRollbackPlan(fleet[0], Plan("ok"), approvedSteps: 2),
                new ApprovedRollbackPlan(fleet[1], Plan("fail"), approvedSteps: 2),
                new ApprovedRollbackPlan(fleet[2], Plan("ok"), approvedSteps: 1),
            };
            var results = new ConcurrentQueue<(RollbackStepResult Result, RollbackToolsException? Error)>();

            await runner.RunAsync(plans, throttleLimit: 3, (result, error) => results.Enqueue((result, error)), CancellationToken.None);

            MigrationStatus[] StatusOf(DatabaseTarget target) => results.Where(r => r.Result.Target == target).OrderBy(r => r.Result.Order).Select(r => r.Result.Status).ToArray();
            Assert.Equal(new[] { MigrationStatus.Succeeded, MigrationStatus.Succeeded }, StatusOf(fleet[0]));
            Assert.Equal(new[] { MigrationStatus.Failed, MigrationStatus.Skipped }, StatusOf(fleet[1]));
            Assert.Equal(new[] { MigrationStatus.Succeeded, MigrationStatus.Skipped }, StatusOf(fleet[2]));
            Assert.Equal(ErrorIds.RollbackStepFailed, Assert.Single(results, r => r.Error != null).Error!.ErrorId);
            Assert.Equal(3, calls.Count);

            Assert.Equal(MigrationState.Pending, await StateAsync(fleet[0]));
            Assert.Equal(MigrationState.Applied, await StateAsync(fleet[1]));
            Assert.Equal(MigrationState.Applied, await StateAsync(fleet[2]));
        }

        private static RollbackPlan Plan(string application) => new RollbackPlan
        {
            Branch = "ApplicationErrors",
            Steps =
            {
                new RollbackStep { Order = 1, Kind = RollbackStepKind.ApplicationRollback, Command = application, Description = "Roll the application back" },
                new RollbackStep { Order = 2, Kind = RollbackStepKind.UndoMigration, Version = "1", Command = "Undo-Migration -Version 1", Description = "Undo 1", Destructive = true },
            },
        };

        private async Task<DatabaseTarget> AppliedAsync(string file)
        {
            DatabaseTarget target = DatabaseTarget.Parse(Path.Combine(root, file));
            var migrator = new Migrator(NullEngineLog.Instance);
            MigrationPlan plan = await migrator.PlanUpAsync(target, Folder, new UpSelection(), new MigrationRunOptions(), CancellationToken.None);
            Assert.All(await migrator.RunAsync(plan, plan.Steps.Count, null, CancellationToken.None), r => Assert.Equal(MigrationStatus.Succeeded, r.Status));
            return target;
        }

        private async Task<MigrationState> StateAsync(DatabaseTarget target) =>
            Assert.Single(await new Migrator(NullEngineLog.Instance).GetStatusAsync(target, Folder, null, CancellationToken.None)).State;

        private MigrationFolder Folder => new MigrationFolder(Path.Combine(root, "migrations"));
    }
}
