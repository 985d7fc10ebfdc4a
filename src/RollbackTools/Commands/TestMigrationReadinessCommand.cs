using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>The seed's pre-migration checklist, checked: one item per line of it, with how to fix what fails.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationReadiness")]
    [OutputType(typeof(ChecklistItem))]
    public sealed class TestMigrationReadinessCommand : DatabaseCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>How old the newest verified backup of each touched table may be (default 24h).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? BackupMaxAge { get; set; }

        /// <summary>The staging database that must already run the pending migrations.</summary>
        [Parameter]
        [DatabaseTargetTransformation]
        public DatabaseTarget? StagingDatabase { get; set; }

        /// <summary>"Sat 02:00-04:00", "Sat,Sun 22:00-02:00" or "02:00-04:00", in local time.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MaintenanceWindow { get; set; }

        /// <summary>Also check that the database can be recovered to a point in time (WAL archiving working, the binary log on).</summary>
        [Parameter]
        public SwitchParameter PointInTimeRecovery { get; set; }

        /// <summary>Queries running longer than this fail the check (default 5m).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? MaxQueryDuration { get; set; }

        /// <summary>A script block that says whether monitoring is ready: $true passes; $false, nothing or an error fails.</summary>
        [Parameter]
        public ScriptBlock? MonitoringCheck { get; set; }

        /// <summary>Any failed item ends the command with the terminating error NotReady, for pipelines.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessItem()
        {
            var items = new List<ChecklistItem>();
            DatabaseTarget target = ResolveDatabase();
            DatabaseTarget? staging = StagingDatabase == null ? null : ResolveTarget(StagingDatabase, Provider, Credential, ConnectTimeout);
            var options = new ReadinessOptions
            {
                JournalTable = JournalTable,
                BackupMaxAge = BackupMaxAge ?? TimeSpan.FromHours(24),
                StagingDatabase = staging,
                PointInTimeRecovery = PointInTimeRecovery,
                MaintenanceWindow = MaintenanceWindow,
                MaxQueryDuration = MaxQueryDuration ?? TimeSpan.FromMinutes(5),
            };
            MigrationFolder folder = MigrationFolders.Resolve(this, Path, Encoding)!;
            items.AddRange(RunEngine((log, token) => new RunbookService(log).CheckReadinessAsync(target, folder, options, token)));
            ChecklistItem monitoring = Monitoring();
            monitoring.Target = target;
            items.Add(monitoring);

            WriteObject(items, enumerateCollection: true);
            ChecklistItem[] failed = items.Where(i => i.Status == ChecklistStatus.Fail).ToArray();
            if (Strict && failed.Length > 0)
            {
                var error = new RollbackToolsException(ErrorIds.NotReady, FailureCategory.InvalidOperation, $"Not ready to migrate: {string.Join("; ", failed.Select(f => $"{f.Name}: {f.Detail}"))}", failed);
                ThrowTerminatingError(Infrastructure.ErrorRecords.From(error));
            }
        }

        private ChecklistItem Monitoring()
        {
            const string Name = "Monitoring ready";
            if (MonitoringCheck == null)
            {
                return new ChecklistItem(Name, ChecklistStatus.Skipped, "No -MonitoringCheck given.", "Give -MonitoringCheck { ... } that returns $true when dashboards and alerts are ready.");
            }

            try
            {
                bool ready = MonitoringCheck.Invoke().Select(o => o?.BaseObject).LastOrDefault() is true;
                return ready
                    ? new ChecklistItem(Name, ChecklistStatus.Pass, "The monitoring check returned $true.")
                    : new ChecklistItem(Name, ChecklistStatus.Fail, "The monitoring check did not return $true.", "Make the dashboards and alerts ready, then run the check again.");
            }
            catch (RuntimeException ex)
            {
                return new ChecklistItem(Name, ChecklistStatus.Fail, "The monitoring check failed: " + ex.Message, "Fix the monitoring check or the monitoring.");
            }
        }
    }
}
