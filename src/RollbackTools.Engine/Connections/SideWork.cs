using System;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Engine.Connections
{
    /// <summary>
    /// Work on a connection of its own beside the caller's statement (the source's checksum, a copy's progress):
    /// stopped and awaited when the caller is done with it, so no connection outlives the command.
    /// </summary>
    internal sealed class SideWork<T> : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop;

        private SideWork(CancellationTokenSource stop, Task<T> running)
        {
            this.stop = stop;
            Running = running;
        }

        public Task<T> Running { get; }

        public static SideWork<T> Start(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            return new SideWork<T>(stop, work(stop.Token));
        }

        public async ValueTask DisposeAsync()
        {
            if (!Running.IsCompleted)
            {
                stop.Cancel();
            }

            try
            {
                await Running.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RollbackToolsException || ex is OperationCanceledException)
            {
                // Whoever awaited the result has seen this failure; a cancelled one was ours.
            }

            stop.Dispose();
        }
    }
}
