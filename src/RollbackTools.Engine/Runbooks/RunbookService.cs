using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Runbooks;

namespace RollbackTools
{
    /// <summary>The engine behind Test-MigrationReadiness and New-MigrationIncidentReport.</summary>
    public sealed class RunbookService
    {
        private readonly IEngineLog log;

        public RunbookService(IEngineLog log)
        {
            this.log = log;
        }

        public Task<IReadOnlyList<ChecklistItem>> CheckReadinessAsync(DatabaseTarget target, string path, ReadinessOptions options, CancellationToken cancellationToken) =>
            new ReadinessChecker(log).CheckAsync(target, path, options, cancellationToken);

        /// <summary>The incident report as Markdown, or JSON with <paramref name="json"/>.</summary>
        public async Task<string> IncidentReportAsync(DatabaseTarget target, string? journalTable, DateTimeOffset since, DateTimeOffset until, bool json, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await IncidentReport.WriteAsync(session, journalTable, since, until, json, cancellationToken).ConfigureAwait(false);
        }
    }
}
