using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Engine.Fleets
{
    /// <summary>Work on many databases, at most a given number at once, every one awaited before returning.</summary>
    internal static class Throttle
    {
        public static async Task ForEachAsync<T>(IEnumerable<T> items, int limit, Func<T, CancellationToken, Task> work, CancellationToken cancellationToken)
        {
            using var gate = new SemaphoreSlim(Math.Max(1, limit));
            Task[] tasks = items.Select(async item =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await work(item, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToArray();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        /// <summary>The same for databases: each one's pooled connections are closed when its work is done, so a fleet never holds more than <paramref name="limit"/> databases' connections.</summary>
        public static Task ForEachDatabaseAsync<T>(IEnumerable<T> items, Func<T, DatabaseTarget> targetOf, int limit, Func<T, CancellationToken, Task> work, CancellationToken cancellationToken) =>
            ForEachAsync(items, limit, async (item, token) =>
            {
                try
                {
                    await work(item, token).ConfigureAwait(false);
                }
                finally
                {
                    Connections.ConnectionPools.Release(targetOf(item));
                }
            }, cancellationToken);
    }
}
