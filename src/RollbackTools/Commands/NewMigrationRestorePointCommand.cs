using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Makes a named point the database can be recovered to, after checking it really can be: PostgreSQL's
    /// WAL archiving, MariaDB's binary log, or an online backup file on SQLite. Refused with
    /// PointInTimeRecoveryUnavailable, naming what to turn on, where it cannot.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "MigrationRestorePoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MigrationRestorePoint))]
    public sealed class NewMigrationRestorePointCommand : DatabaseCmdlet
    {
        /// <summary>The point's name, unique in the database: up to 63 letters, digits, '_', '.' and '-' (before_v42).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The journal table whose history records the point, where it exists. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            if (ShouldProcess($"{target.Url}", $"Make restore point {Name}"))
            {
                WriteObject(RunEngine((log, token) => new RestorePointService(log).CreateAsync(target, Name, JournalTable, token)));
            }
        }
    }
}
