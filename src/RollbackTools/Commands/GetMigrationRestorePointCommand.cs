using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>The restore points recorded in a database, oldest first.</summary>
    [Cmdlet(VerbsCommon.Get, "MigrationRestorePoint")]
    [OutputType(typeof(MigrationRestorePoint))]
    public sealed class GetMigrationRestorePointCommand : DatabaseCmdlet
    {
        /// <summary>Only points with these names; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            Func<string?, bool> named = ParameterValues.Wildcards(Name);
            foreach (MigrationRestorePoint point in RunEngine((log, token) => new RestorePointService(log).GetAsync(target, token)))
            {
                if (named(point.Name))
                {
                    WriteObject(point);
                }
            }
        }
    }
}
