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
    /// Completes table names (-Table, and -Name of Remove-MigrationTable) with the tables of -Database, and
    /// -Name of Remove-MigrationColumn with the columns of its -Table. Quietly nothing when the database
    /// cannot be read within the completion limit.
    /// </summary>
    public sealed class SchemaNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = CompletionContext.Prefix(wordToComplete);
            bool columns = parameterName.Equals("Name", StringComparison.OrdinalIgnoreCase) && commandName.EndsWith("MigrationColumn", StringComparison.OrdinalIgnoreCase);
            string? table = columns ? CompletionContext.Unwrap(fakeBoundParameters["Table"]) as string : null;
            if (columns && table == null)
            {
                return Array.Empty<CompletionResult>();
            }

            return Names(fakeBoundParameters, table)
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => CompletionContext.Result(n, columns ? $"column {table}.{n}" : $"table {n}"))
                .ToList();
        }

        private static IEnumerable<string> Names(IDictionary bound, string? table)
        {
            try
            {
                DatabaseTarget target = CompletionContext.ResolveTarget(bound);
                using var timeout = new CancellationTokenSource(CompletionContext.Timeout);
                SchemaSnapshot snapshot = new SchemaService(NullEngineLog.Instance).SnapshotAsync(target, null, timeout.Token).GetAwaiter().GetResult();
                if (table == null)
                {
                    return snapshot.Objects.Where(o => o.Kind == "Table").Select(o => o.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
                }

                string owner = table + ".";
                return snapshot.Objects
                    .Where(o => o.Kind == "Column" && o.Name.StartsWith(owner, StringComparison.OrdinalIgnoreCase))
                    .Select(o => o.Name.Substring(owner.Length))
                    .ToList();
            }
            catch (Exception ex) when (ex is RollbackToolsException or OperationCanceledException or ArgumentException)
            {
                return Array.Empty<string>();
            }
        }
    }

    /// <summary>Completes -Status of Get-MigrationHistory with the statuses the history records.</summary>
    public sealed class HistoryStatusCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = CompletionContext.Prefix(wordToComplete);
            return Enum.GetNames(typeof(HistoryStatus))
                .Where(n => n != nameof(HistoryStatus.Unknown) && n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => CompletionContext.Result(n, n))
                .ToList();
        }
    }
}
