using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// A cmdlet that works on databases: -Database takes Connect-MigrationDatabase objects, URLs, .db paths
    /// or connection strings (with -Provider), one or many; without it, $env:DATABASE_URL as in dbmate.
    /// </summary>
    public abstract class DatabaseCmdlet : RollbackToolsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public virtual DatabaseTarget[]? Database { get; set; }

        /// <summary>User and password; the user replaces one named in the URL.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>Which driver reads a connection string given to -Database. URLs name their own.</summary>
        /// <remarks>
        /// A string, not the engine's enum: an enum field would make PowerShell load the engine while it
        /// scans this assembly, before the module's load context is in place.
        /// </remarks>
        [Parameter]
        [ValidateSet(ProviderNames.PostgreSql, ProviderNames.MySql, ProviderNames.Sqlite)]
        public string? Provider { get; set; }

        /// <summary>How long to wait for the server to answer a connect: 15s by default, 2m, or seconds. Overrides connect_timeout in the URL.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary>True for the cmdlets that work on a whole fleet at once (waves, a fleet view); the others run once per database.</summary>
        private protected virtual bool TakesFleet => false;

        /// <summary>
        /// Several databases given to a cmdlet that works on one: it runs once for each, in the order given, each
        /// database's failure an error of its own, as if the databases had been piped one by one.
        /// </summary>
        protected override void ProcessRecord()
        {
            if (TakesFleet || Database is not { Length: > 1 } databases)
            {
                base.ProcessRecord();
                return;
            }

            try
            {
                foreach (DatabaseTarget one in databases)
                {
                    Database = new[] { one };
                    base.ProcessRecord();
                }
            }
            finally
            {
                Database = databases;
            }
        }

        /// <summary>Turns -Database, -Provider, -Credential, -ConnectTimeout and $env:DATABASE_URL into one usable target; throws the engine's error otherwise.</summary>
        protected DatabaseTarget ResolveDatabase()
        {
            if (Database is { Length: > 1 })
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"{MyInvocation.MyCommand.Name} works on one database at a time here; -Database named {Database.Length}.", Database.Length);
            }

            return ResolveTarget(Database?.FirstOrDefault(), Provider, Credential, ConnectTimeout);
        }

        /// <summary>
        /// Every -Database given (else the project environment's databases, else $env:DATABASE_URL), each resolved,
        /// duplicates once, and only those of -Shard when given.
        /// </summary>
        private protected IReadOnlyList<DatabaseTarget> ResolveDatabases(string? shard, ProjectEnvironment? environment = null)
        {
            IEnumerable<DatabaseTarget> targets = Database is { Length: > 0 }
                ? Database.Select(d => ResolveTarget(d, Provider, Credential, ConnectTimeout))
                : environment != null
                    ? environment.DatabaseUrls(QueryTargets).Select(u => ResolveTarget(environment.Target(u), Provider, Credential, ConnectTimeout))
                    : new[] { ResolveTarget(null, Provider, Credential, ConnectTimeout) };
            List<DatabaseTarget> distinct = targets.GroupBy(t => t.Url, StringComparer.Ordinal).Select(g => g.First()).ToList();
            return shard == null ? distinct : FleetShard.Parse(shard).Of(distinct);
        }

        private ProjectEnvironment? environment;

        /// <summary>The project environment named by -Environment, or null without it: read once per command, however many inputs are piped.</summary>
        private protected ProjectEnvironment? LoadEnvironment(string? name) => name == null ? null : environment ??= ProjectFile.Find(this).Environment(name);

        private IReadOnlyList<string> QueryTargets(DatabaseTarget control, string sql)
        {
            DatabaseTarget resolved = ResolveTarget(control, Provider, Credential, ConnectTimeout);
            return RunEngine((log, token) => TargetQuery.ReadUrlsAsync(resolved, sql, log, token));
        }
    }
}
