using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>Our own comment directives, valid in a script of any format.</summary>
    internal static class MigrationDirectives
    {
        public const string Prefix = "-- rollbacktools:";
        public const string NoTransaction = "no-transaction";
        public const string SoftDrop = "soft-drop";
        private static readonly string[] Known = { NoTransaction, SoftDrop, "statement-begin", "statement-end" };

        /// <summary>False when the script asks to run outside a transaction; throws on a directive we do not know.</summary>
        public static bool InTransaction(string sql, string file)
        {
            bool inTransaction = true;
            foreach (string line in DirectiveLines(sql))
            {
                string word = line.Substring(Prefix.Length).Trim().Split(' ', 2)[0].ToLowerInvariant();
                if (!Known.Contains(word))
                {
                    throw new RollbackToolsException(ErrorIds.UnknownDirective, FailureCategory.InvalidData, $"{Path.GetFileName(file)}: '{line}' is not a RollbackTools directive. Known: {string.Join(", ", Known)}.", file);
                }

                inTransaction &= word != NoTransaction;
            }

            return inTransaction;
        }

        /// <summary>
        /// The soft deletes an up script asks for: "-- rollbacktools:soft-drop table name" or
        /// "-- rollbacktools:soft-drop column table.name".
        /// </summary>
        public static IReadOnlyList<(string Table, string? Column)> SoftDrops(string sql, string file)
        {
            var drops = new List<(string, string?)>();
            foreach (string line in DirectiveLines(sql).Where(l => l.StartsWith(Prefix + SoftDrop, StringComparison.OrdinalIgnoreCase)))
            {
                string[] words = line.Substring(Prefix.Length + SoftDrop.Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 2 && words[0].Equals("table", StringComparison.OrdinalIgnoreCase))
                {
                    drops.Add((words[1], null));
                }
                else if (words.Length == 2 && words[0].Equals("column", StringComparison.OrdinalIgnoreCase) && words[1].Split('.') is { Length: 2 } parts)
                {
                    drops.Add((parts[0], parts[1]));
                }
                else
                {
                    throw new RollbackToolsException(ErrorIds.UnknownDirective, FailureCategory.InvalidData, $"{Path.GetFileName(file)}: '{line}' should read '{Prefix}{SoftDrop} table NAME' or '... column TABLE.COLUMN'.", file);
                }
            }

            return drops;
        }

        // Directives are rare: a substring search first keeps a 50 MB seed file from being split into lines.
        private static IEnumerable<string> DirectiveLines(string sql)
        {
            int at = sql.IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
            while (at >= 0)
            {
                int lineStart = sql.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
                int lineEnd = sql.IndexOf('\n', at);
                string line = (lineEnd < 0 ? sql.Substring(lineStart) : sql.Substring(lineStart, lineEnd - lineStart)).Trim();
                if (line.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    yield return line;
                }

                at = lineEnd < 0 ? -1 : sql.IndexOf(Prefix, lineEnd, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
