using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// Completes -Version, -Target and -To with the versions in -Path, or, without a folder, with the ones
    /// the journal of -Database records. Each completion shows the migration's name.
    /// </summary>
    public sealed class MigrationVersionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = CompletionContext.Prefix(wordToComplete);
            return Candidates(fakeBoundParameters)
                .Where(c => c.Version.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult(c.Version, c.Version, CompletionResultType.ParameterValue, $"{c.Version} {c.Name}"))
                .ToList();
        }

        private static IEnumerable<(string Version, string Name)> Candidates(IDictionary bound)
        {
            if (CompletionContext.Unwrap(bound["Path"]) is string path)
            {
                return Migrator.ListFolder(System.IO.Path.GetFullPath(path, CompletionContext.CurrentLocation()));
            }

            try
            {
                DatabaseTarget resolved = CompletionContext.ResolveTarget(bound);
                using var timeout = new CancellationTokenSource(CompletionContext.Timeout);
                IReadOnlyList<MigrationInfo> infos = new Migrator(NullEngineLog.Instance)
                    .GetStatusAsync(resolved, null, CompletionContext.Unwrap(bound["JournalTable"]) as string, timeout.Token)
                    .GetAwaiter().GetResult();
                return infos.Reverse().Select(i => (i.Version, i.Name));
            }
            catch (Exception ex) when (ex is RollbackToolsException or OperationCanceledException or ArgumentException)
            {
                return Array.Empty<(string, string)>();
            }
        }
    }
}
