using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Builds a database target from a URL or a connection string, checks that it answers, and
    /// returns it for -Database. The password it was given is kept as a SecureString and never shown.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "MigrationDatabase", DefaultParameterSetName = UrlSet)]
    [OutputType(typeof(DatabaseTarget))]
    public sealed class ConnectMigrationDatabaseCommand : RollbackToolsCmdlet
    {
        public const string UrlSet = "Url";
        public const string ConnectionStringSet = "ConnectionString";

        [Parameter(ParameterSetName = UrlSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Url { get; set; }

        [Parameter(ParameterSetName = ConnectionStringSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? ConnectionString { get; set; }

        [Parameter(ParameterSetName = ConnectionStringSet, Mandatory = true)]
        [ValidateSet(ProviderNames.PostgreSql, ProviderNames.MySql, ProviderNames.Sqlite)]
        public string? Provider { get; set; }

        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>How long to wait for the server to answer: 15s, 2m, or seconds.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan ConnectTimeout { get; set; } = DatabaseTarget.DefaultConnectTimeout;

        /// <summary>Returns the target without connecting, for a server that is not up yet.</summary>
        [Parameter]
        public SwitchParameter NoVerify { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget? given = ParameterSetName == ConnectionStringSet
                ? DatabaseTarget.FromConnectionString(ProviderNames.Parse(Provider), ConnectionString!)
                : Url == null ? null : DatabaseTarget.Defer(Url);
            DatabaseTarget target = ResolveTarget(given, Provider, Credential, ConnectTimeout);
            if (!NoVerify)
            {
                ConnectionTestResult result = RunEngine((log, token) => new ConnectionTester(log).TestAsync(target, token));
                WriteVerbose($"{result.ServerVersion} answers at {target.Url} as {result.CurrentUser ?? "(no user)"}.");
            }

            WriteObject(target);
        }
    }
}
