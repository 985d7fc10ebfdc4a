using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>The backups recorded in a database's catalog, oldest first; with -BaseBackup, the base backups a copy can be recovered from.</summary>
    [Cmdlet(VerbsCommon.Get, "MigrationBackup", DefaultParameterSetName = TableSet)]
    [OutputType(typeof(MigrationBackup), ParameterSetName = new[] { TableSet })]
    [OutputType(typeof(BaseBackup), ParameterSetName = new[] { BaseSet })]
    public sealed class GetMigrationBackupCommand : DatabaseCmdlet
    {
        private const string TableSet = "Table";
        private const string BaseSet = "BaseBackup";

        /// <summary>Only backups of these tables; wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = TableSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Table { get; set; }

        [Parameter(ParameterSetName = TableSet)]
        public long[]? Id { get; set; }

        /// <summary>Only backups taken longer ago than this: 30d, 12h, or a TimeSpan.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? OlderThan { get; set; }

        /// <summary>Only backups whose last check passed (-Verified) or failed (-Verified:$false).</summary>
        [Parameter]
        public SwitchParameter Verified { get; set; }

        /// <summary>Only backups past their retention.</summary>
        [Parameter(ParameterSetName = TableSet)]
        public SwitchParameter Expired { get; set; }

        /// <summary>Only copies whose making never finished (a crash or restart on MySQL/MariaDB), to remove with Remove-MigrationBackup.</summary>
        [Parameter(ParameterSetName = TableSet)]
        public SwitchParameter Incomplete { get; set; }

        /// <summary>The base backups (New-MigrationBackup -BaseBackup) recorded in rollbacktools_base_backups instead, for Restore-MigrationDatabase -BaseBackup.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BaseSet)]
        public SwitchParameter BaseBackup { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            DateTimeOffset? takenBefore = OlderThan.HasValue ? DateTimeOffset.UtcNow - OlderThan.Value : null;
            bool verifiedWanted = MyInvocation.BoundParameters.ContainsKey(nameof(Verified));
            if (BaseBackup)
            {
                IReadOnlyList<BaseBackup> bases = RunEngine((log, token) => new RecoveryService(log).GetBaseBackupsAsync(target, token));
                WriteObject(bases.Where(b => (takenBefore == null || b.CreatedAt < takenBefore) && (!verifiedWanted || b.Verified == Verified.IsPresent)), enumerateCollection: true);
                return;
            }

            IReadOnlyList<MigrationBackup> backups = RunEngine((log, token) => new BackupService(log).GetAsync(target, token));
            Func<string?, bool> table = ParameterValues.Wildcards(Table);
            foreach (MigrationBackup backup in backups)
            {
                if (table(backup.Table)
                    && (Id == null || Id.Contains(backup.Id))
                    && (takenBefore == null || backup.CreatedAt < takenBefore)
                    && (!verifiedWanted || backup.Verified == Verified.IsPresent)
                    && (!Expired || backup.Expired)
                    && (!Incomplete || backup.Incomplete))
                {
                    WriteObject(backup);
                }
            }
        }
    }
}
