using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;
using RollbackTools.Engine.RestorePoints;
using RollbackTools.Engine.Storage;

namespace RollbackTools
{
    /// <summary>The engine behind New- and Get-MigrationRestorePoint: named points a database can be recovered to.</summary>
    public sealed class RestorePointService
    {
        // PostgreSQL keeps 63 bytes of a restore point's name; SQLite's point is a file named after it.
        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$", RegexOptions.CultureInvariant);

        private readonly IEngineLog log;

        public RestorePointService(IEngineLog log)
        {
            this.log = log;
        }

        /// <summary>
        /// Checks the database can be recovered to a point, makes the point, records it in the catalog and the
        /// migration history (where there is one), and returns it.
        /// </summary>
        /// <param name="beforeRun">Taken by Invoke-Migration -RestorePoint: the journal is created if it is not there yet, so the history names the point the run starts from.</param>
        public async Task<MigrationRestorePoint> CreateAsync(DatabaseTarget target, string name, string? journalTable, CancellationToken cancellationToken, bool beforeRun = false)
        {
            if (!NamePattern.IsMatch(name))
            {
                throw new RollbackToolsException(ErrorIds.InvalidRestorePointName, FailureCategory.InvalidArgument, $"'{name}' cannot name a restore point: up to 63 letters, digits, '_', '.' and '-', starting with a letter or digit (before_v42).", name);
            }

            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            var catalog = new RestorePointCatalog(session);
            if ((await catalog.ReadAsync(cancellationToken).ConfigureAwait(false)).Any(p => p.Name == name))
            {
                throw new RollbackToolsException(ErrorIds.RestorePointExists, FailureCategory.InvalidArgument, $"{target.Url} has a restore point named {name} already; a recovery to a name must find one point. Choose another -Name.", name);
            }

            MigrationRestorePoint point = await target.Driver.RestorePoints.TakeAsync(session, name, log, cancellationToken).ConfigureAwait(false);
            point.CreatedAt = DateTimeOffset.UtcNow;
            point.CreatedBy = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
            await catalog.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await catalog.AddAsync(point, cancellationToken).ConfigureAwait(false);
            await HistoryWriter.WriteAsync(
                session,
                journalTable,
                by => MigrationHistoryEntry.Now(MigrationHistoryEntry.NoMigration, $"restore point {name}", HistoryAction.RestorePoint, HistoryStatus.Succeeded, by) with { Error = point.Position },
                beforeRun ? HistoryPolicy.Required : HistoryPolicy.Courtesy,
                cancellationToken).ConfigureAwait(false);
            log.Verbose($"Restore point {point}.");
            return point;
        }

        /// <summary>Every restore point the database recorded, oldest first; nothing, and nothing created, where there is none.</summary>
        public async Task<IReadOnlyList<MigrationRestorePoint>> GetAsync(DatabaseTarget target, CancellationToken cancellationToken)
        {
            if (target.IsAbsent)
            {
                return Array.Empty<MigrationRestorePoint>();
            }

            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await new RestorePointCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
