using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// Runs asynchronous engine work while keeping every Write* call on the pipeline thread, the only
    /// thread PowerShell lets a cmdlet write from. The engine logs from any thread; this pumps the
    /// messages until the work ends.
    /// </summary>
    internal sealed class PipelineDispatcher : IEngineLog
    {
        private readonly Cmdlet cmdlet;
        private BlockingCollection<Action>? pending;

        public PipelineDispatcher(Cmdlet cmdlet)
        {
            this.cmdlet = cmdlet;
            WantsDebug = DebugIsShown(cmdlet);
        }

        /// <summary>Read once, on the pipeline thread: -Debug, or $DebugPreference set to show Debug records.</summary>
        public bool WantsDebug { get; }

        public T Run<T>(Func<PipelineDispatcher, Task<T>> work)
        {
            using var queue = new BlockingCollection<Action>();
            pending = queue;
            try
            {
                Task<T> task = Task.Run(() => work(this));
                task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                bool stopped = false;
                foreach (Action write in queue.GetConsumingEnumerable())
                {
                    if (stopped)
                    {
                        continue;
                    }

                    try
                    {
                        write();
                    }
                    catch (PipelineStoppedException)
                    {
                        // Ctrl+C: the pipeline takes no more records, but the engine is still writing the
                        // outcome to the journal. Leaving now would let the process exit under it.
                        stopped = true;
                    }
                }

                if (stopped)
                {
                    _ = task.Exception;
                    throw new PipelineStoppedException();
                }

                return task.GetAwaiter().GetResult();
            }
            finally
            {
                pending = null;
            }
        }

        public void Verbose(string message) => Post(() => cmdlet.WriteVerbose(message));

        public void Debug(string message)
        {
            if (WantsDebug)
            {
                Post(() => cmdlet.WriteDebug(message));
            }
        }

        private static bool DebugIsShown(Cmdlet cmdlet)
        {
            if (cmdlet is not PSCmdlet host)
            {
                return true;
            }

            if (host.MyInvocation.BoundParameters.TryGetValue("Debug", out object? debug))
            {
                return debug is SwitchParameter on ? on.IsPresent : LanguagePrimitives.IsTrue(debug);
            }

            object? preference = host.SessionState.PSVariable.GetValue("DebugPreference");
            return preference is not ActionPreference silent || (silent != ActionPreference.SilentlyContinue && silent != ActionPreference.Ignore);
        }

        public void Warning(string message) => Post(() =>
        {
            if (cmdlet.Stopping && cmdlet is PSCmdlet host)
            {
                // After Ctrl+C the pipeline takes no records; what was not recorded must still reach the operator.
                host.Host.UI.WriteWarningLine(message);
            }
            else if (cmdlet is Commands.RollbackToolsCmdlet ours)
            {
                ours.Warn(message);
            }
            else
            {
                cmdlet.WriteWarning(message);
            }
        });

        /// <summary>Progress and other records the cmdlet wants written from engine callbacks.</summary>
        public void Post(Action write)
        {
            BlockingCollection<Action>? queue = pending;
            if (queue != null && !queue.IsAddingCompleted)
            {
                queue.Add(write);
            }
        }
    }
}
