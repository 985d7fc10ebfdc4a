using System;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools
{
    /// <summary>
    /// One contract for Ctrl+C: whatever the engine was doing (a statement, a lock wait, a back-off), it ends
    /// as <see cref="ErrorIds.OperationCancelled"/>, and what must be written after it gets its own, bounded time.
    /// </summary>
    internal static class Cancellation
    {
        /// <summary>How long the journal and history writes after a failure or a cancel may take.</summary>
        public static readonly TimeSpan OutcomeWriteLimit = TimeSpan.FromSeconds(30);

        public static RollbackToolsException Cancelled(object? target, string message = "The operation was cancelled.", Exception? inner = null) =>
            new RollbackToolsException(ErrorIds.OperationCancelled, FailureCategory.OperationStopped, message, target, inner);

        /// <summary>A pause that Ctrl+C ends as OperationCancelled, not as a TaskCanceledException.</summary>
        public static async Task PauseAsync(TimeSpan delay, object? target, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                throw Cancelled(target, "Cancelled while waiting.", ex);
            }
        }
    }
}
