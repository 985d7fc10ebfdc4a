using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Runbooks
{
    /// <summary>The tables a script changes, read from its SQL: what a backup must cover before it runs.</summary>
    internal static class TouchedTables
    {
        private const string Name = @"(?:[`""\[]?[\w$]+[`""\]]?\.)?[`""\[]?(?<table>[\w$]+)[`""\]]?";

        private static readonly Regex[] Patterns =
        {
            new Regex(@"\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?" + Name, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?" + Name, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"\bTRUNCATE\s+(?:TABLE\s+)?" + Name, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"\bUPDATE\s+" + Name, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"\bDELETE\s+FROM\s+" + Name, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"\bRENAME\s+TABLE\s+" + Name, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"--\s*rollbacktools:soft-drop\s+table\s+" + Name, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"--\s*rollbacktools:soft-drop\s+column\s+(?<table>[\w$]+)\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
        };

        public static IReadOnlyList<string> In(string sql) =>
            Patterns.SelectMany(p => p.Matches(sql)).Select(m => m.Groups["table"].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
