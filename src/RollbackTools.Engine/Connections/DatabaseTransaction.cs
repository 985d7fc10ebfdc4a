using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Engine.Connections
{
    /// <summary>
    /// A transaction on a session that rolls back when it is left without a commit, whatever ended it: a
    /// failure, a cancel, an early return. Where the work runs without one (MySQL DDL, no-transaction
    /// scripts), <see cref="None"/> stands in, so callers keep one shape.
    /// </summary>
    internal sealed class DatabaseTransaction : IAsyncDisposable
    {
        private static readonly BatchedCommand Commit = new BatchedCommand("COMMIT");
        private readonly DatabaseSession session;
        private bool open;

        private DatabaseTransaction(DatabaseSession session, bool open)
        {
            this.session = session;
            this.open = open;
        }

        public static async Task<DatabaseTransaction> BeginAsync(DatabaseSession session, TimeSpan lockWait, CancellationToken cancellationToken)
        {
            await session.BeginAsync(lockWait, cancellationToken).ConfigureAwait(false);
            return new DatabaseTransaction(session, open: true);
        }

        public static Task<DatabaseTransaction> BeginIfAsync(bool wanted, DatabaseSession session, TimeSpan lockWait, CancellationToken cancellationToken) =>
            wanted ? BeginAsync(session, lockWait, cancellationToken) : Task.FromResult(None(session));

        /// <summary>No transaction: commit and rollback do nothing.</summary>
        public static DatabaseTransaction None(DatabaseSession session) => new DatabaseTransaction(session, open: false);

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (open)
            {
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                open = false;
            }
        }

        /// <summary>
        /// Sends <paramref name="work"/> and the commit in one round trip (see DatabaseSession.TryExecuteBatchAsync).
        /// If any command fails, nothing after it ran, the commit included, and the transaction is still open
        /// for the caller to roll back; without a transaction the commands run alone, as far as they get.
        /// </summary>
        public async Task<BatchOutcome> CommitWithAsync(IReadOnlyList<BatchedCommand> work, CancellationToken cancellationToken)
        {
            var commands = new List<BatchedCommand>(work);
            if (open)
            {
                commands.Add(Commit);
            }

            BatchOutcome outcome = await session.TryExecuteBatchAsync(commands, cancellationToken).ConfigureAwait(false);
            if (outcome.Error == null)
            {
                open = false;
            }

            return outcome;
        }

        /// <summary>Rolls back now, before what must follow it (recording a failure); ignores the token, as a rollback after Ctrl+C must still reach the server.</summary>
        public async Task RollbackAsync()
        {
            if (open)
            {
                open = false;
                await session.RollbackQuietlyAsync().ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync() => await RollbackAsync().ConfigureAwait(false);
    }
}
