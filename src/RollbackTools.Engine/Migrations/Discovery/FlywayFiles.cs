using System.IO;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// Flyway's versioned V{version}__{description}.sql, undo U{version}__{description}.sql, and repeatable
    /// R__{description}.sql. A repeatable runs after the versioned ones whenever its text changed; its down
    /// is the text it replaces, which the planner takes from the journal (nothing, the first time).
    /// </summary>
    internal static class FlywayFiles
    {
        private static readonly Regex Pattern = new Regex(@"^(?<kind>[VU])(?<v>\d+(?:[._]\d+)*)__(?<name>.+)\.sql$", RegexOptions.CultureInvariant);
        private static readonly Regex Repeatable = new Regex(@"^R__(?<name>.+)\.sql$", RegexOptions.CultureInvariant);

        public static bool TryAdd(string file, FolderContents contents, FolderReader reader)
        {
            Match match = Pattern.Match(Path.GetFileName(file));
            if (!match.Success)
            {
                return TryAddRepeatable(file, contents, reader);
            }

            MigrationVersion version = MigrationVersion.Parse(match.Groups["v"].Value.Replace('_', '.'));
            string sql = reader.Read(file);
            bool inTransaction = MigrationDirectives.InTransaction(sql, file);
            if (match.Groups["kind"].Value == "V")
            {
                contents.AddUp(new ScriptDraft(version, match.Groups["name"].Value.Replace('_', ' '), MigrationFormat.Flyway, file, sql, inTransaction));
            }
            else
            {
                contents.AddDown(version, file, sql, inTransaction);
            }

            return true;
        }

        private static bool TryAddRepeatable(string file, FolderContents contents, FolderReader reader)
        {
            Match match = Repeatable.Match(Path.GetFileName(file));
            if (!match.Success)
            {
                return false;
            }

            string sql = reader.Read(file);
            bool inTransaction = MigrationDirectives.InTransaction(sql, file);
            var version = MigrationVersion.Parse(MigrationVersion.RepeatablePrefix + match.Groups["name"].Value);
            contents.AddUp(new ScriptDraft(version, match.Groups["name"].Value.Replace('_', ' '), MigrationFormat.Flyway, file, sql, inTransaction)
            {
                DownSql = string.Empty,
                DownInTransaction = inTransaction,
            });
            return true;
        }
    }
}
