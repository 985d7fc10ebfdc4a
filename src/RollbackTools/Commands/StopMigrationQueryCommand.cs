using System;
using System.Collections.Generic;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Cancels a session's running statement (pg_cancel_backend, KILL QUERY), or ends the session with
    /// -Terminate (pg_terminate_backend, KILL CONNECTION), then waits until it is really gone.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "MigrationQuery", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = IdSet)]
    [OutputType(typeof(StopQueryResult))]
    public sealed class StopMigrationQueryCommand : DatabaseCmdlet
    {
        private const string IdSet = "Id";
        private const string PatternSet = "Pattern";

        /// <summary>Session ids; bound from the Id of piped Get-MigrationQuery results.</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public long[]? Id { get; set; }

        /// <summary>Stops every session whose query matches this SQL LIKE pattern.</summary>
        [Parameter(ParameterSetName = PatternSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Pattern { get; set; }

        /// <summary>End the whole session, not only its running statement: its transaction rolls back and its locks go.</summary>
        [Parameter]
        public SwitchParameter Terminate { get; set; }

        /// <summary>How long to wait for each query to be gone before reporting it still there (default 5s).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? Wait { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();

            // -WhatIf must not promise what the run would refuse.
            SessionService.EnsureSupported(target);
            var targets = new List<(long Id, string? Query)>();
            if (ParameterSetName == PatternSet)
            {
                var filter = new QueryFilter { Pattern = Pattern, IncludeIdle = true };
                foreach (ActiveQuery query in RunEngine((log, token) => new SessionService(log).ListAsync(target, filter, token)))
                {
                    targets.Add((query.Id, query.Query));
                }
            }
            else
            {
                foreach (long id in Id!)
                {
                    targets.Add((id, null));
                }
            }

            string action = Terminate ? "End the session" : "Cancel the running statement";
            foreach ((long id, string? query) in targets)
            {
                if (!ShouldProcess($"session {id} on {target.Url}{(query == null ? "" : ": " + query)}", action))
                {
                    continue;
                }

                try
                {
                    WriteObject(RunEngine((log, token) => new SessionService(log).StopAsync(target, id, Terminate, Wait ?? TimeSpan.FromSeconds(5), token)));
                }
                catch (RollbackToolsException ex) when (ex.ErrorId != ErrorIds.NotSupported)
                {
                    WriteEngineError(ex);
                }
            }
        }
    }
}
