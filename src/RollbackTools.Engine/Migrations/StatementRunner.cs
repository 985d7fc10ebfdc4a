using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>A statement that failed, where it stands in its file, and what the server said.</summary>
    internal sealed record StatementFailure(int Index, SqlStatement Statement, int FileLine, RollbackToolsException Error);

    /// <summary>
    /// Sends a script one statement at a time, so a failure names the statement and its line, and so a
    /// database without transactional DDL can count what completed.
    /// </summary>
    internal static class StatementRunner
    {
        public static IReadOnlyList<SqlStatement> Split(DatabaseSession session, string sql) => SqlStatementSplitter.Split(sql, session.Dialect.SplitterOptions);

        /// <summary>
        /// Runs <paramref name="statements"/>; returns the first failure, or null. <paramref name="retry"/>, given
        /// the attempt number and the failure, may wait and ask for the same statement to run again.
        /// </summary>
        public static async Task<StatementFailure?> RunAsync(
            DatabaseSession session,
            IReadOnlyList<SqlStatement> statements,
            int lineOffset,
            Func<int, Task>? afterEach,
            CancellationToken cancellationToken,
            Func<int, StatementFailure, Task<bool>>? retry = null)
        {
            if (afterEach == null && retry == null && statements.Count > 1)
            {
                return await RunInOneTripAsync(session, statements, lineOffset, cancellationToken).ConfigureAwait(false);
            }

            for (int i = 0; i < statements.Count; i++)
            {
                // A statement the server finished is counted even when Ctrl+C came during it (MariaDB's KILL
                // QUERY lets SLEEP and some DDL complete); the cancel stops the script before the next one.
                if (cancellationToken.IsCancellationRequested)
                {
                    return new StatementFailure(i, statements[i], statements[i].Line + lineOffset, Cancellation.Cancelled(session.Target, $"the run was cancelled before it started; {i} of {statements.Count} statement(s) had completed."));
                }

                for (int attempt = 1; ; attempt++)
                {
                    try
                    {
                        await session.ExecuteAsync(statements[i].Text, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (RollbackToolsException ex)
                    {
                        var failure = new StatementFailure(i, statements[i], statements[i].Line + lineOffset, ex);
                        if (retry == null || !await retry(attempt, failure).ConfigureAwait(false))
                        {
                            return failure;
                        }
                    }
                }

                if (afterEach != null)
                {
                    await afterEach(i + 1).ConfigureAwait(false);
                }
            }

            return null;
        }

        /// <summary>
        /// Nothing to count between statements and nothing to retry one by one (a transaction rolls back whole):
        /// the script goes in one round trip, and the server says which statement stopped it.
        /// </summary>
        private static async Task<StatementFailure?> RunInOneTripAsync(DatabaseSession session, IReadOnlyList<SqlStatement> statements, int lineOffset, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new StatementFailure(0, statements[0], statements[0].Line + lineOffset, Cancellation.Cancelled(session.Target, $"the run was cancelled before it started; 0 of {statements.Count} statement(s) had completed."));
            }

            BatchOutcome outcome = await session.TryExecuteBatchAsync(statements.Select(s => new BatchedCommand(s.Text)).ToList(), cancellationToken).ConfigureAwait(false);
            if (outcome.Error == null)
            {
                return null;
            }

            if (outcome.FailedIndex >= 0)
            {
                SqlStatement failed = statements[outcome.FailedIndex];
                return new StatementFailure(outcome.FailedIndex, failed, failed.Line + lineOffset, outcome.Error);
            }

            // The driver did not say which statement stopped it. The transaction rolls back whole either way, so
            // only the message is less precise: it names the script from its first statement.
            return new StatementFailure(0, statements[0], statements[0].Line + lineOffset, outcome.Error);
        }

        /// <summary>
        /// Runs a verify script: every statement must succeed and, with <paramref name="needsRow"/>, the last
        /// must return at least one row ("the change is really there"); Sqitch's scripts only need to raise no error.
        /// </summary>
        public static async Task<string?> VerifyAsync(DatabaseSession session, string verifySql, bool needsRow, CancellationToken cancellationToken)
        {
            IReadOnlyList<SqlStatement> statements = Split(session, verifySql);
            try
            {
                for (int i = 0; i < statements.Count - 1; i++)
                {
                    await session.ExecuteAsync(statements[i].Text, cancellationToken).ConfigureAwait(false);
                }

                if (statements.Count == 0)
                {
                    return null;
                }

                IReadOnlyList<bool> rows = await session.QueryAsync(statements[^1].Text, _ => true, cancellationToken).ConfigureAwait(false);
                return rows.Count > 0 || !needsRow ? null : $"The verify script returned no row (line {statements[^1].Line}).";
            }
            catch (RollbackToolsException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return "The verify script failed: " + ex.Message;
            }
        }
    }
}
