using System;
using System.Collections;
using System.Management.Automation;

namespace RollbackTools.Infrastructure
{
    /// <summary>What every completer that asks a database shares: the command line's target, resolved as the command would, and a short limit.</summary>
    internal static class CompletionContext
    {
        // Tab completion must answer quickly or not at all.
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

        /// <summary>The -Database, -Provider and -Credential typed so far, resolved by the same resolver as the command itself.</summary>
        public static DatabaseTarget ResolveTarget(IDictionary bound)
        {
            DatabaseTarget? given = Unwrap(bound["Database"]) switch
            {
                DatabaseTarget target => target,
                string text => DatabaseTarget.Defer(text),
                _ => null,
            };
            string location = CurrentLocation();
            return TargetResolver.Resolve(given, Unwrap(bound["Provider"]) as string, Unwrap(bound["Credential"]) as PSCredential, Timeout, p => System.IO.Path.GetFullPath(p, location));
        }

        /// <summary>
        /// The PowerShell location, where relative paths start. The runspace is busy running the completion,
        /// so it is asked through a nested pipeline; the process directory is the fallback.
        /// </summary>
        public static string CurrentLocation()
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

        public static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        public static string Prefix(string wordToComplete) => wordToComplete.Trim('\'', '"');

        /// <summary>A completion quoted when the name needs it on the command line.</summary>
        public static CompletionResult Result(string value, string tooltip) =>
            new CompletionResult(value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', ',', '(', ')', '{', '}', '@', '#' }) >= 0 ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'" : value, value, CompletionResultType.ParameterValue, tooltip);
    }
}
