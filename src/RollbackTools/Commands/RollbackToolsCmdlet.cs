using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// What every RollbackTools cmdlet shares: Ctrl+C cancels the engine's token (and with it the
    /// statement on the server), and engine failures become ErrorRecords with their ErrorId.
    /// </summary>
    public abstract class RollbackToolsCmdlet : PSCmdlet, IDisposable
    {
        /// <summary>Where the database comes from when none is given, as in dbmate.</summary>
        public const string DatabaseUrlVariable = "DATABASE_URL";

        private readonly CancellationTokenSource stopping = new CancellationTokenSource();

        protected CancellationToken Cancellation => stopping.Token;

        public void Dispose()
        {
            stopping.Dispose();
            GC.SuppressFinalize(this);
        }

        protected override void StopProcessing() => stopping.Cancel();

        /// <summary>
        /// One pipeline input, isolated: an engine error becomes a non-terminating error record and the
        /// next input is processed. The one place engine errors turn into records for ProcessRecord.
        /// </summary>
        protected override void ProcessRecord() => Guarded(ProcessItem);

        /// <summary>What the cmdlet does with one pipeline input; engine errors are written by <see cref="ProcessRecord"/>.</summary>
        protected virtual void ProcessItem()
        {
        }

        /// <summary>The one place an engine error becomes a non-terminating record: ProcessRecord, ForEachItem and EndProcessing all come here.</summary>
        protected void Guarded(Action action)
        {
            try
            {
                action();
            }
            catch (RollbackToolsException ex)
            {
                WriteEngineError(ex);
            }
        }

        /// <summary>The same policy within one input that names several objects: each fails on its own, the others still run.</summary>
        protected void ForEachItem<T>(IEnumerable<T> items, Action<T> each)
        {
            foreach (T item in items)
            {
                Guarded(() => each(item));
            }
        }

        /// <summary>
        /// Runs engine work, relaying its log to the Verbose, Debug and Warning streams on the pipeline thread.
        /// The dispatcher is also the engine's log, and posts the cmdlet's own writes from engine callbacks.
        /// </summary>
        internal T RunEngine<T>(Func<PipelineDispatcher, CancellationToken, Task<T>> work)
        {
            try
            {
                return new PipelineDispatcher(this).Run(log => work(log, Cancellation));
            }
            catch (Exception ex) when (Cancellation.IsCancellationRequested && (ex is RollbackToolsException || ex is OperationCanceledException))
            {
                // Ctrl+C is a clean pipeline stop, whatever the engine was waiting on when it came.
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Completes a target with the one resolver every caller uses; relative paths follow the PowerShell location.</summary>
        protected DatabaseTarget ResolveTarget(DatabaseTarget? given, string? provider, PSCredential? credential, TimeSpan? connectTimeout) =>
            TargetResolver.Resolve(given, provider, credential, connectTimeout, SessionState.Path.GetUnresolvedProviderPathFromPSPath);

        internal void WriteEngineError(RollbackToolsException exception)
        {
            WriteError(ErrorRecords.From(exception));
            if (AzureDevOps.Enabled)
            {
                // A failed migration points the pipeline at its script and the failing statement's line.
                MigrationResult? failed = exception.Target as MigrationResult;
                Host.UI.WriteLine(AzureDevOps.Issue("error", $"{exception.ErrorId}: {exception.Message}", failed?.Path, failed?.FailedLine, exception.ErrorId));
            }
        }

        /// <summary>A warning, also as an Azure DevOps issue under TF_BUILD.</summary>
        internal void Warn(string message)
        {
            WriteWarning(message);
            if (AzureDevOps.Enabled)
            {
                Host.UI.WriteLine(AzureDevOps.Issue("warning", message));
            }
        }

        /// <summary>Progress, also as the Azure DevOps task's progress under TF_BUILD.</summary>
        protected internal void ReportProgress(ProgressRecord record)
        {
            WriteProgress(record);
            if (!AzureDevOps.Enabled)
            {
                return;
            }

            // The task's bar reaches its end when the activity does, not at the last step's start.
            if (record.RecordType == ProgressRecordType.Completed)
            {
                Host.UI.WriteLine(AzureDevOps.Progress(100, record.Activity));
            }
            else if (record.PercentComplete >= 0)
            {
                Host.UI.WriteLine(AzureDevOps.Progress(record.PercentComplete, $"{record.Activity}: {record.StatusDescription}"));
            }
        }
    }
}
