using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Sessions;

namespace RollbackTools
{
    /// <summary>The seed's "stop the migration": list what runs and blocks, cancel or end a session, and check it is gone.</summary>
    public sealed class SessionService
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
        private readonly IEngineLog log;

        public SessionService(IEngineLog log)
        {
            this.log = log;
        }

        public async Task<IReadOnlyList<ActiveQuery>> ListAsync(DatabaseTarget target, QueryFilter filter, CancellationToken cancellationToken)
        {
            ISessionMonitor monitor = MonitorOf(target);
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<ActiveQuery> all = await monitor.ListAsync(session, filter.IncludeIdle, cancellationToken).ConfigureAwait(false);
            return all
                .Where(q => filter.AllDatabases || string.Equals(q.DatabaseName, target.DatabaseName, session.Dialect.IdentifierComparison))
                .Where(filter.Matches)
                .OrderByDescending(q => q.Duration)
                .ToList();
        }

        /// <summary>Cancels the statement (or ends the session) and waits up to <paramref name="wait"/> for it to be gone.</summary>
        public async Task<StopQueryResult> StopAsync(DatabaseTarget target, long id, bool terminate, TimeSpan wait, CancellationToken cancellationToken)
        {
            ISessionMonitor monitor = MonitorOf(target);
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            var result = new StopQueryResult(id, terminate ? "Terminate" : "Cancel", target);
            long own = Convert.ToInt64(await session.ScalarAsync(session.Dialect.SessionIdSql!, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (id == own)
            {
                throw new RollbackToolsException(ErrorIds.OwnSession, FailureCategory.InvalidArgument, $"Session {id} is the one Stop-MigrationQuery itself uses.", id);
            }

            // A session this user cannot see (MySQL without PROCESS) is still asked for: the server then says
            // whether it exists and whether this user may stop it.
            ActiveQuery? seen = (await monitor.ListAsync(session, includeIdle: true, cancellationToken).ConfigureAwait(false)).FirstOrDefault(q => q.Id == id);
            ActiveQuery before = seen ?? new ActiveQuery(id, target) { State = "active" };
            result.Query = before.Query;
            var clock = Stopwatch.StartNew();
            log.Verbose($"{result.Action} session {id} ({before.User}, {before.State}): {before.Query}");
            try
            {
                await session.ExecuteAsync(terminate ? session.Dialect.TerminateSessionSql(id) : session.Dialect.CancelQuerySql(id), cancellationToken).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex) when (ex.ErrorId == ErrorIds.QueryFailed)
            {
                result.Detail = $"There is no session {id} on {target.Url}: {ex.Message}";
                return result;
            }

            while (true)
            {
                ActiveQuery? now = (await monitor.ListAsync(session, includeIdle: true, cancellationToken).ConfigureAwait(false)).FirstOrDefault(q => q.Id == id);
                if (seen == null && now == null)
                {
                    result.Detail = $"There is no session {id} on {target.Url} that this user can see.";
                    break;
                }

                string? gone = Gone(before, now, terminate);
                if (gone != null)
                {
                    result.Stopped = true;
                    result.Detail = gone;
                    break;
                }

                if (clock.Elapsed >= wait)
                {
                    result.Detail = terminate
                        ? $"Session {id} is still there after {wait.TotalSeconds:0.#} s."
                        : $"Session {id} still runs the query after {wait.TotalSeconds:0.#} s{(before.State == "active" ? "" : $"; it was {before.State}, with no statement to cancel: end it with -Terminate")}.";
                    break;
                }

                await Cancellation.PauseAsync(PollInterval, target, cancellationToken).ConfigureAwait(false);
            }

            result.Elapsed = clock.Elapsed;
            await Engine.Migrations.HistoryWriter.WriteAsync(
                session,
                null,
                by => MigrationHistoryEntry.Now(MigrationHistoryEntry.NoMigration, $"{result.Action} session {id}", Enum.Parse<HistoryAction>(result.Action), result.Stopped ? HistoryStatus.Succeeded : HistoryStatus.Failed, by) with
                {
                    Duration = result.Elapsed,
                    Error = $"{before.User}: {before.Query}",
                },
                Engine.Migrations.HistoryPolicy.Courtesy,
                CancellationToken.None).ConfigureAwait(false);
            return result;
        }

        private static string? Gone(ActiveQuery before, ActiveQuery? now, bool terminate)
        {
            if (now == null)
            {
                return "The session is gone.";
            }

            if (terminate)
            {
                return null;
            }

            if (before.State == "active" && now.State != "active")
            {
                return $"The query was cancelled; the session is {now.State}.";
            }

            return before.State == "active" && (now.Query != before.Query || now.Duration < before.Duration) ? "The query was cancelled; the session runs another statement now." : null;
        }

        /// <summary>Refuses, before anything is asked or previewed, a database that has no sessions to stop (SQLite).</summary>
        public static void EnsureSupported(DatabaseTarget target) => MonitorOf(target);

        private static ISessionMonitor MonitorOf(DatabaseTarget target) =>
            target.Driver.Sessions ?? throw new RollbackToolsException(
                ErrorIds.NotSupported,
                FailureCategory.NotImplemented,
                "SQLite has no server sessions: there is no other session's query to list or stop.",
                target);
    }
}
