using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RollbackTools.Infrastructure
{
    /// <summary>How the cmdlets read filter and time parameters, the same way everywhere.</summary>
    internal static class ParameterValues
    {
        /// <summary>True when no patterns were given, or when <paramref name="value"/> matches one of them (case-insensitive wildcards).</summary>
        public static Func<string?, bool> Wildcards(IEnumerable<string>? patterns)
        {
            WildcardPattern[]? compiled = patterns?.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
            return value => compiled == null || compiled.Any(p => p.IsMatch(value ?? string.Empty));
        }

        /// <summary>A time as typed at the prompt: without a zone it is local time, as Get-Date gives it.</summary>
        public static DateTimeOffset Moment(DateTime value) =>
            new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value);
    }
}
