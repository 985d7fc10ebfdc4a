using System.IO;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>Flyway's versioned V{version}__{description}.sql and undo U{version}__{description}.sql.</summary>
    internal static class FlywayFiles
    {
        private static readonly Regex Pattern = new Regex(@"^(?<kind>[VU])(?<v>\d+(?:[._]\d+)*)__(?<name>.+)\.sql$", RegexOptions.CultureInvariant);

        public static bool TryAdd(string file, FolderContents contents, FolderReader reader)
        {
            Match match = Pattern.Match(Path.GetFileName(file));
            if (!match.Success)
            {
                return false;
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
    }
}
