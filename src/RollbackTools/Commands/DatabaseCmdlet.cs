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
        public const string DatabaseUrlVariable = "DATABASE_URL";

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
        [Parameter]
        public DatabaseProvider Provider { get; set; }

        /// <summary>Turns -Database, -Provider, -Credential and $env:DATABASE_URL into one usable target, or stops the call.</summary>
        protected DatabaseTarget ResolveDatabase(TimeSpan? connectTimeout = null) => ResolveTarget(Database, Provider, Credential, connectTimeout);
    }
}
