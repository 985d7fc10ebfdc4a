using System;
using System.Globalization;
using System.Text;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// Azure DevOps agents set TF_BUILD and read logging commands from standard output: with them, errors,
    /// warnings and progress of a script task show in the pipeline's own summary and progress bar.
    /// </summary>
    internal static class AzureDevOps
    {
        public static bool Enabled => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"));

        public static string Issue(string type, string message) => $"##vso[task.logissue type={type};]{Escape(message)}";

        /// <summary>An error issue that names the file and line it comes from and its ErrorId, so the pipeline links to it.</summary>
        public static string Issue(string type, string message, string? sourcePath, int? line, string? code)
        {
            var properties = new StringBuilder("type=").Append(type).Append(';');
            if (!string.IsNullOrEmpty(sourcePath))
            {
                properties.Append("sourcepath=").Append(EscapeProperty(sourcePath)).Append(';');
                if (line is int number)
                {
                    properties.Append("linenumber=").Append(number.ToString(CultureInfo.InvariantCulture)).Append(';');
                }
            }

            if (!string.IsNullOrEmpty(code))
            {
                properties.Append("code=").Append(EscapeProperty(code)).Append(';');
            }

            return $"##vso[task.logissue {properties}]{Escape(message)}";
        }

        public static string Progress(int percent, string activity) =>
            $"##vso[task.setprogress value={Math.Clamp(percent, 0, 100).ToString(CultureInfo.InvariantCulture)};]{Escape(activity)}";

        // A logging command ends at the line end: its own newlines, and the escape character, are escaped.
        private static string Escape(string text) =>
            text.Replace("%", "%AZP25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

        // A property also ends at ';' and the command at ']'.
        private static string EscapeProperty(string text) =>
            Escape(text).Replace(";", "%3B", StringComparison.Ordinal).Replace("]", "%5D", StringComparison.Ordinal);
    }
}
