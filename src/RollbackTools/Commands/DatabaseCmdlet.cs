using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// A cmdlet that works on one database: -Database takes a Connect-MigrationDatabase object, a URL,
    /// a .db path or a connection string (with -Provider); without it, $env:DATABASE_URL as in dbmate.
    /// </summary>
    public abstract class DatabaseCmdlet : RollbackToolsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public virtual DatabaseTarget? Database { get; set; }

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

        /// <summary>Turns -Database, -Provider, -Credential, -ConnectTimeout and $env:DATABASE_URL into one usable target; throws the engine's error otherwise.</summary>
        protected DatabaseTarget ResolveDatabase() => ResolveTarget(Database, Provider, Credential, ConnectTimeout);
    }
}
