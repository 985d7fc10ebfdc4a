using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// -Encoding the way PowerShell users type it: a name (latin1, windows-1252, utf8), a code page number,
    /// or an Encoding object. PowerShellStandard does not expose PowerShell's own transformation.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            try
            {
                return value switch
                {
                    null => null,
                    Encoding encoding => encoding,
                    int codePage => ScriptEncodings.Parse(codePage.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    string name => ScriptEncodings.Parse(name),
                    _ => throw new ArgumentException($"'{value}' is not an encoding."),
                };
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentTransformationMetadataException(ex.Message, ex);
            }
        }
    }

    /// <summary>Completes -Encoding with the encodings migration folders are usually saved in.</summary>
    public sealed class EncodingCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            ScriptEncodings.Common
                .Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n))
                .ToList();
    }
}
