using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Connects and reports the provider, server version, whether DDL is transactional, the user the
    /// server sees, and the round-trip latency.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationConnection")]
    [OutputType(typeof(ConnectionTestResult))]
    [OutputType(typeof(bool))]
    public sealed class TestMigrationConnectionCommand : RollbackToolsCmdlet
    {
        // One database, piped by value too: the check a script runs before anything else.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public DatabaseTarget? Database { get; set; }

        /// <summary>User and password; the user replaces one named in the URL.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>Which driver reads a connection string given to -Database. URLs name their own.</summary>
        [Parameter]
        [ValidateSet(ProviderNames.PostgreSql, ProviderNames.MySql, ProviderNames.Sqlite)]
        public string? Provider { get; set; }

        /// <summary>How long to wait for the server to answer a connect: 15s by default, 2m, or seconds. Overrides connect_timeout in the URL.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary>Returns only $true or $false, as Test-Connection -Quiet does, and writes no error.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                DatabaseTarget target = ResolveTarget(Database, Provider, Credential, ConnectTimeout);
                ConnectionTestResult result = RunEngine((log, token) => new ConnectionTester(log).TestAsync(target, token));
                WriteObject(Quiet ? true : result);
            }
            catch (RollbackToolsException ex)
            {
                if (Quiet)
                {
                    WriteVerbose(ex.Message);
                    WriteObject(false);
                }
                else
                {
                    WriteEngineError(ex);
                }
            }
        }
    }
}
