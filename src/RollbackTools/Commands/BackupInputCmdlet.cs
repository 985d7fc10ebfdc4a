using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RollbackTools.Commands
{
    /// <summary>A cmdlet that acts on backups: piped from New- or Get-MigrationBackup, or named by -Id in -Database.</summary>
    public abstract class BackupInputCmdlet : DatabaseCmdlet
    {
        protected const string BackupSet = "Backup";
        protected const string IdSet = "Id";
        protected const string PathSet = "Path";

        [Parameter(ParameterSetName = BackupSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MigrationBackup[]? Backup { get; set; }

        /// <summary>Backup ids from the catalog of -Database.</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true)]
        public long[]? Id { get; set; }

        /// <summary>A dump file, looked up in the catalog of -Database (or checked on its own when the catalog does not know it).</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The backups this call is about; throws BackupNotFound for an id the catalog does not have.</summary>
        protected IReadOnlyList<MigrationBackup> ResolveBackups()
        {
            if (ParameterSetName == BackupSet)
            {
                return Backup!;
            }

            DatabaseTarget target = ResolveDatabase();
            if (ParameterSetName == PathSet)
            {
                string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                return new[] { RunEngine((log, token) => new BackupService(log).FindDumpAsync(target, file, token)) };
            }

            IReadOnlyList<MigrationBackup> all = RunEngine((log, token) => new BackupService(log).GetAsync(target, token));
            var found = new List<MigrationBackup>();
            foreach (long id in Id!)
            {
                found.Add(all.FirstOrDefault(b => b.Id == id) ?? throw new RollbackToolsException(
                    ErrorIds.BackupNotFound,
                    FailureCategory.ObjectNotFound,
                    $"The backup catalog of {target.Url} has no backup {id}. Get-MigrationBackup lists them.",
                    id));
            }

            return found;
        }
    }
}
