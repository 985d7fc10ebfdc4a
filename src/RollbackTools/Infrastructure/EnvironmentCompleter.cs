using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RollbackTools.Infrastructure
{
    /// <summary>Completes -Environment with the environments of rollbacktools.psd1 in the current location.</summary>
    public sealed class EnvironmentCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
                shell.AddScript($"$p = Join-Path (Get-Location -PSProvider FileSystem).ProviderPath '{ProjectFile.FileName}'; if (Test-Path -LiteralPath $p) {{ (Import-PowerShellDataFile -LiteralPath $p).Environments.Keys }}");
                string prefix = wordToComplete.Trim('\'', '"');
                return shell.Invoke()
                    .Select(o => o.BaseObject.ToString()!)
                    .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                    .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n))
                    .ToList();
            }
            catch (Exception ex) when (ex is RuntimeException or IOException or InvalidOperationException)
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }
}
