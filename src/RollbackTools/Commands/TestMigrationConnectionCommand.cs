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
    public sealed class TestMigrationConnectionCommand : DatabaseCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [DatabaseTargetTransformation]
        [ValidateNotNull]
        public override DatabaseTarget? Database { get; set; }

        /// <summary>Returns only $true or $false, as Test-Connection -Quiet does, and writes no error.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                DatabaseTarget target = ResolveDatabase();
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
