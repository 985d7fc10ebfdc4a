using System;
using System.Linq;
using System.IO;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// One file per migration, {version}_{name}.sql, with both directions in sections: dbmate's
    /// "-- migrate:up" / "-- migrate:down" and goose's "-- +goose Up" / "-- +goose Down". The markers say which.
    /// </summary>
    internal static class SectionedFiles
    {
        private static readonly Regex Pattern = new Regex(@"^(?<v>\d+)_(?<name>.+)\.sql$", RegexOptions.CultureInvariant);
        private static readonly Regex DbmateMarker = new Regex(@"^--\s*migrate:(?<dir>up|down)(?<options>.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        private static readonly Regex GooseMarker = new Regex(@"^[ \t]*--[ \t]*\+goose[ \t]+(?<dir>up|down|no transaction|envsub[ \t]+on|envsub[ \t]+off)\b(?<options>[^\n]*)$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The version and name when the file is named like one; its content decides the format.</summary>
        public static bool Matches(string fileName, out MigrationVersion? version, out string name)
        {
            Match match = Pattern.Match(fileName);
            version = match.Success ? MigrationVersion.Parse(match.Groups["v"].Value) : null;
            name = match.Success ? match.Groups["name"].Value : string.Empty;
            return match.Success;
        }

        public static bool IsGoose(string sql) => GooseMarker.IsMatch(sql);

        public static ScriptDraft ReadDbmate(MigrationVersion version, string name, string file, string sql)
        {
            MatchCollection markers = DbmateMarker.Matches(sql);
            Match? up = markers.FirstOrDefault(m => m.Groups["dir"].Value == "up");
            if (up == null)
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' has no '-- migrate:up' section (dbmate) nor '-- +goose Up' (goose).", file);
            }

            Match? down = markers.FirstOrDefault(m => m.Groups["dir"].Value == "down");
            static bool Transactional(Match m) => !m.Groups["options"].Value.Contains("transaction:false", StringComparison.OrdinalIgnoreCase);

            // An empty section is a step that runs nothing; a missing down section is a missing down script.
            (string upSql, int upLine) = Section(sql, markers, up);
            var draft = new ScriptDraft(version, name, MigrationFormat.Dbmate, file, upSql, Transactional(up) && MigrationDirectives.InTransaction(upSql, file)) { UpLine = upLine };
            if (down != null)
            {
                (string downSql, int downLine) = Section(sql, markers, down);
                draft.DownSql = downSql;
                draft.DownPath = file;
                draft.DownLine = downLine;
                draft.DownInTransaction = Transactional(down) && MigrationDirectives.InTransaction(downSql, file);
            }

            return draft;
        }

        /// <summary>
        /// goose: "-- +goose NO TRANSACTION" anywhere applies to both directions, a missing Down section is
        /// goose's no-op down, and StatementBegin/StatementEnd blocks are left for the splitter, which keeps
        /// them whole. ENVSUB would need goose's environment substitution, so it is refused, not ignored.
        /// </summary>
        public static ScriptDraft ReadGoose(MigrationVersion version, string name, string file, string sql)
        {
            MatchCollection all = GooseMarker.Matches(sql);
            Match? envsub = all.FirstOrDefault(m => m.Groups["dir"].Value.StartsWith("envsub", StringComparison.OrdinalIgnoreCase) && m.Groups["dir"].Value.EndsWith("on", StringComparison.OrdinalIgnoreCase));
            if (envsub != null)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' line {LineOf(sql, envsub.Index)}: goose's ENVSUB (environment variables substituted into the SQL) is not supported; nothing was applied.", file);
            }

            Match[] sections = all.Where(m => IsDirection(m, "up") || IsDirection(m, "down")).ToArray();
            Match? up = sections.FirstOrDefault(m => IsDirection(m, "up"));
            if (up == null)
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' has goose annotations but no '-- +goose Up'.", file);
            }

            bool inTransaction = !all.Any(m => m.Groups["dir"].Value.StartsWith("no", StringComparison.OrdinalIgnoreCase));
            (string upSql, int upLine) = Section(sql, sections, up);
            Match? down = sections.FirstOrDefault(m => IsDirection(m, "down"));
            (string downSql, int downLine) = down == null ? (string.Empty, 0) : Section(sql, sections, down);
            return new ScriptDraft(version, name, MigrationFormat.Goose, file, upSql, inTransaction && MigrationDirectives.InTransaction(upSql, file))
            {
                UpLine = upLine,
                DownSql = downSql,
                DownPath = file,
                DownLine = downLine,
                DownInTransaction = inTransaction && MigrationDirectives.InTransaction(downSql, file),
            };
        }

        private static bool IsDirection(Match m, string direction) => m.Groups["dir"].Value.Equals(direction, StringComparison.OrdinalIgnoreCase);

        // A section runs to the next marker; it keeps its first line's place in the file, so a failing
        // statement is reported at its line in the file.
        private static (string Text, int LinesBefore) Section(string sql, System.Collections.Generic.IEnumerable<Match> markers, Match marker)
        {
            int start = marker.Index + marker.Length;
            Match? next = markers.FirstOrDefault(m => m.Index > marker.Index);
            string raw = sql.Substring(start, (next?.Index ?? sql.Length) - start);
            string text = raw.Trim();
            int textStart = start + (raw.Length - raw.TrimStart().Length);
            return (text, sql.AsSpan(0, textStart).Count('\n'));
        }

        private static int LineOf(string sql, int index) => sql.AsSpan(0, index).Count('\n') + 1;
    }
}
