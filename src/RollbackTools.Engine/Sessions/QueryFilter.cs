using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RollbackTools
{
    /// <summary>Which sessions Get-MigrationQuery and Stop-MigrationQuery -Pattern mean.</summary>
    public sealed class QueryFilter
    {
        /// <summary>SQL LIKE over the query text, as the seed writes it: '%ALTER TABLE%'. Case-insensitive.</summary>
        public string? Pattern { get; set; }

        /// <summary>A regular expression over the query text.</summary>
        public string? Match { get; set; }

        public TimeSpan? MinDuration { get; set; }

        /// <summary>Only sessions that block another.</summary>
        public bool Blocking { get; set; }

        /// <summary>Only sessions that wait for another.</summary>
        public bool Blocked { get; set; }

        public string[]? User { get; set; }

        public bool IncludeIdle { get; set; }

        /// <summary>Sessions of every database on the server, not only the target's.</summary>
        public bool AllDatabases { get; set; }

        public bool Matches(ActiveQuery query) =>
            (Pattern == null || (query.Query != null && LikeToRegex(Pattern).IsMatch(query.Query)))
            && (Match == null || (query.Query != null && Regex.IsMatch(query.Query, Match, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
            && (MinDuration == null || query.Duration >= MinDuration)
            && (!Blocking || query.Blocking > 0)
            && (!Blocked || query.BlockedBy.Count > 0)
            && (User == null || User.Contains(query.User, StringComparer.OrdinalIgnoreCase));

        /// <summary>% is any run of characters, _ one character, \ escapes either; everything else is literal.</summary>
        internal static Regex LikeToRegex(string pattern)
        {
            var regex = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                }
                else
                {
                    regex.Append(c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) });
                }
            }

            return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        }
    }
}
