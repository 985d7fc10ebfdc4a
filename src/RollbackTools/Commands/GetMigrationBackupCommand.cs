using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>The backups recorded in a database's catalog, oldest first.</summary>
    [Cmdlet(VerbsCommon.Get, "MigrationBackup")]
    [OutputType(typeof(MigrationBackup))]
    public sealed class GetMigrationBackupCommand : DatabaseCmdlet
    {
        /// <summary>Only backups of these tables; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Table { get; set; }

        [Parameter]
        public long[]? Id { get; set; }

        /// <summary>Only backups taken longer ago than this: 30d, 12h, or a TimeSpan.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? OlderThan { get; set; }

        /// <summary>Only backups whose last check passed (-Verified) or failed (-Verified:$false).</summary>
        [Parameter]
        public SwitchParameter Verified { get; set; }

        /// <summary>Only backups past their retention.</summary>
        [Parameter]
        public SwitchParameter Expired { get; set; }

        /// <summary>Only copies whose making never finished (a crash or restart on MySQL/MariaDB), to remove with Remove-MigrationBackup.</summary>
        [Parameter]
        public SwitchParameter Incomplete { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            IReadOnlyList<MigrationBackup> backups = RunEngine((log, token) => new BackupService(log).GetAsync(target, token));
            Func<string?, bool> table = ParameterValues.Wildcards(Table);
            DateTimeOffset? before = OlderThan.HasValue ? DateTimeOffset.UtcNow - OlderThan.Value : null;
            bool verifiedGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Verified));
            foreach (MigrationBackup backup in backups)
            {
                if (table(backup.Table)
                    && (Id == null || Id.Contains(backup.Id))
                    && (before == null || backup.CreatedAt < before)
                    && (!verifiedGiven || backup.Verified == Verified.IsPresent)
                    && (!Expired || backup.Expired)
                    && (!Incomplete || backup.Incomplete))
                {
                    WriteObject(backup);
                }
            }
        }
    }
}
