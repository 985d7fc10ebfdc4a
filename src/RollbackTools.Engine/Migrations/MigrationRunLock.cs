using System;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// The server-wide lock that keeps two runners from applying the same migrations: pg_advisory_lock or
    /// GET_LOCK, held by the session for the whole run and released by the server if the process dies.
    /// SQLite has no such lock; there each migration's BEGIN IMMEDIATE takes the file's write lock instead.
    /// </summary>
    internal sealed class MigrationRunLock : IAsyncDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
        private readonly DatabaseSession session;
        private readonly long key;
        private bool held;

        private MigrationRunLock(DatabaseSession session, long key)
        {
            this.session = session;
            this.key = key;
        }

        public static async Task<MigrationRunLock> AcquireAsync(DatabaseSession session, string journalTable, TimeSpan wait, IEngineLog log, CancellationToken cancellationToken) =>
            await TryAcquireAsync(session, journalTable, wait, log, cancellationToken).ConfigureAwait(false)
            ?? throw new RollbackToolsException(
                ErrorIds.MigrationLocked,
                FailureCategory.ResourceBusy,
                $"Another migration run holds the lock on {session.Target.Url} (journal {journalTable}); gave up after {wait.TotalSeconds:0.#} s. Wait longer with -LockWait, or see what runs with Get-MigrationQuery.",
                session.Target);

        /// <summary>The lock, or null when another runner still held it after <paramref name="wait"/> (zero: one try).</summary>
        public static async Task<MigrationRunLock?> TryAcquireAsync(DatabaseSession session, string journalTable, TimeSpan wait, IEngineLog log, CancellationToken cancellationToken)
        {
            var runLock = new MigrationRunLock(session, KeyFor(session.Target, journalTable));
            string? trySql = session.Dialect.TryAcquireLockSql;
            if (trySql == null)
            {
                return runLock;
            }

            var clock = Stopwatch.StartNew();
            bool announced = false;
            while (!IsTrue(await session.ScalarAsync(trySql, new (string, object?)[] { ("@key", runLock.key) }, cancellationToken).ConfigureAwait(false)))
            {
                if (clock.Elapsed >= wait)
                {
                    return null;
                }

                if (!announced)
                {
                    log.Verbose($"Another runner holds the migration lock on {session.Target.Url}; waiting up to {wait.TotalSeconds:0.#} s.");
                    announced = true;
                }

                await Cancellation.PauseAsync(PollInterval, session.Target, cancellationToken).ConfigureAwait(false);
            }

            runLock.held = true;
            return runLock;
        }

        public async ValueTask DisposeAsync()
        {
            if (!held || session.Dialect.ReleaseLockSql == null)
            {
                return;
            }

            held = false;
            try
            {
                await session.ScalarAsync(session.Dialect.ReleaseLockSql, new (string, object?)[]
                {
                    ("@key", key),
                }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RollbackToolsException)
            {
                // The connection is gone, and with it the lock.
            }
        }

        /// <summary>One key per database and journal: GET_LOCK names are server-wide, advisory locks cluster-wide.</summary>
        internal static long KeyFor(DatabaseTarget target, string journalTable)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{target.DatabaseName}\n{journalTable}"));
            return BitConverter.ToInt64(hash, 0) & long.MaxValue;
        }

        private static bool IsTrue(object? value) => value switch
        {
            bool flag => flag,
            null => false,
            _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 1,
        };
    }
}
