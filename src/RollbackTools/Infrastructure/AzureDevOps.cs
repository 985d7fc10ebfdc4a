using System;
using System.Globalization;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// Azure DevOps agents set TF_BUILD and read logging commands from standard output: with them, errors,
    /// warnings and progress of a script task show in the pipeline's own summary and progress bar.
    /// </summary>
    internal static class AzureDevOps
    {
        public static bool Enabled => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"));

        public static string Issue(string type, string message) => $"##vso[task.logissue type={type}]{Escape(message)}";

        public static string Progress(int percent, string activity) =>
            $"##vso[task.setprogress value={Math.Clamp(percent, 0, 100).ToString(CultureInfo.InvariantCulture)};]{Escape(activity)}";

        // A logging command ends at the line end: its own newlines, and the escape character, are escaped.
        private static string Escape(string text) =>
            text.Replace("%", "%AZP25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
    }
}
