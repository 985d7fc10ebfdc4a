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
    }
}
