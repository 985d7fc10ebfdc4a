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
        // Tab completion must answer quickly or not at all.
        private static readonly TimeSpan JournalTimeout = TimeSpan.FromSeconds(3);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = wordToComplete.Trim('\'', '"');
            return Candidates(fakeBoundParameters)
                .Where(c => c.Version.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult(c.Version, c.Version, CompletionResultType.ParameterValue, $"{c.Version} {c.Name}"))
                .ToList();
        }

        private static IEnumerable<(string Version, string Name)> Candidates(IDictionary bound)
        {
            if (Unwrap(bound["Path"]) is string path)
            {
                return Migrator.ListFolder(System.IO.Path.GetFullPath(path, CurrentLocation()));
            }

            try
            {
                // The same resolver as the command itself, so -Provider, -Credential and relative SQLite paths count here too.
                DatabaseTarget? given = Unwrap(bound["Database"]) switch
                {
                    DatabaseTarget target => target,
                    string text => DatabaseTarget.Defer(text),
                    _ => null,
                };
                string location = CurrentLocation();
                DatabaseTarget resolved = TargetResolver.Resolve(given, Unwrap(bound["Provider"]) as string, Unwrap(bound["Credential"]) as PSCredential, JournalTimeout, p => System.IO.Path.GetFullPath(p, location));

                using var timeout = new CancellationTokenSource(JournalTimeout);
                IReadOnlyList<MigrationInfo> infos = new Migrator(NullEngineLog.Instance)
                    .GetStatusAsync(resolved, null, Unwrap(bound["JournalTable"]) as string, timeout.Token)
                    .GetAwaiter().GetResult();
                return infos.Reverse().Select(i => (i.Version.Text, i.Name));
            }
            catch (Exception ex) when (ex is RollbackToolsException or OperationCanceledException or ArgumentException)
            {
                return Array.Empty<(string, string)>();
            }
        }

        /// <summary>
        /// The PowerShell location, where relative paths start. The runspace is busy running the completion,
        /// so it is asked through a nested pipeline; the process directory is the fallback.
        /// </summary>
        private static string CurrentLocation()
        {
            try
            {
                using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
                foreach (PSObject location in shell.AddCommand("Get-Location").AddParameter("PSProvider", "FileSystem").Invoke())
                {
                    if (location.BaseObject is PathInfo path)
                    {
                        return path.ProviderPath;
                    }
                }
            }
            catch (Exception ex) when (ex is PSInvalidOperationException or RuntimeException)
            {
                // No usable runspace: fall through.
            }

            return Environment.CurrentDirectory;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
