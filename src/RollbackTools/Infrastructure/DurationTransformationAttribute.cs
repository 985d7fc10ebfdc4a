using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// Durations the way operators type them: 3s, 500ms, 10m, 2h, 30d, a plain number of seconds,
    /// or a TimeSpan. Without this, PowerShell reads "15" as fifteen days and 15 as fifteen ticks.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly Regex Shorthand = new Regex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h|d)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value switch
            {
                null => null,
                TimeSpan span => span,

                // PowerShell reads an unquoted 3s as the Int16 literal 3 and 30d as the decimal literal 30,
                // so those two suffixes arrive as numbers: short means seconds, decimal means days.
                short seconds => TimeSpan.FromSeconds(seconds),
                decimal days => TimeSpan.FromDays((double)days),
                byte or sbyte or ushort or int or uint or long or ulong => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                float or double => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                string text => Parse(text),
                _ => throw new ArgumentTransformationMetadataException($"'{value}' is not a duration. Use 3s, 500ms, 10m, 2h, 30d or a TimeSpan."),
            };
        }

        internal static TimeSpan Parse(string text)
        {
            Match match = Shorthand.Match(text);
            if (match.Success)
            {
                double n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
                return match.Groups["unit"].Value.ToLowerInvariant() switch
                {
                    "ms" => TimeSpan.FromMilliseconds(n),
                    "s" => TimeSpan.FromSeconds(n),
                    "m" => TimeSpan.FromMinutes(n),
                    "h" => TimeSpan.FromHours(n),
                    _ => TimeSpan.FromDays(n),
                };
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan span))
            {
                return span;
            }

            throw new ArgumentTransformationMetadataException($"'{text}' is not a duration. Use 3s, 500ms, 10m, 2h, 30d or a TimeSpan such as 00:05:00.");
        }
    }
}
