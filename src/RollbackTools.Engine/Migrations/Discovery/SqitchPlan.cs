using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// A Sqitch project: sqitch.plan lists the changes in order, and each has deploy/, revert/ and verify/
    /// scripts. Change N of the plan is our version N. A reworked change keeps its earlier scripts as
    /// name@tag.sql, where the tag is the first one after the earlier entry. Sqitch's templates wrap each
    /// script in BEGIN/COMMIT (verify in BEGIN/ROLLBACK); we run the body in our own transaction, with the
    /// journal row, instead. A verify script passes when it raises no error, as in Sqitch.
    /// </summary>
    internal static class SqitchPlan
    {
        public const string FileName = "sqitch.plan";

        private static readonly Regex Change = new Regex(@"^(?<op>[+-])?(?<name>[^\s\[@#:%]+)(?:\s+\[(?<deps>[^\]]*)\])?\s+(?<at>\d{4}-\d\d-\d\dT\S+)", RegexOptions.CultureInvariant);
        private static readonly Regex Tag = new Regex(@"^@(?<tag>[^\s#]+)", RegexOptions.CultureInvariant);
        private static readonly Regex Opening = new Regex(@"\A(?<lead>(?:\s*--[^\n]*\n)*)\s*(BEGIN|START\s+TRANSACTION)\s*;[ \t]*\r?\n", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Closing = new Regex(@"\n\s*(?<end>COMMIT|ROLLBACK)\s*;\s*(?:--[^\n]*\s*)*\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex TransactionControl = new Regex(@"^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK)\s*;", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant);

        public static bool IsPresent(string folder) => File.Exists(Path.Combine(folder, FileName));

        /// <summary>The plan's %project, which names its rows in Sqitch's registry; null without a plan.</summary>
        public static string? ProjectOf(string folder)
        {
            string plan = Path.Combine(folder, FileName);
            if (!File.Exists(plan))
            {
                return null;
            }

            string? line = File.ReadLines(plan).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("%project=", StringComparison.Ordinal));
            return line?.Substring("%project=".Length).Trim();
        }

        public static void AddAll(string folder, FolderReader reader, FolderContents contents)
        {
            string planPath = Path.Combine(folder, FileName);
            string[] lines = reader.Read(planPath).Replace("\r\n", "\n").Split('\n');
            var changes = new List<(string Name, int Line, string? TagAfter)>();
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('%'))
                {
                    continue;
                }

                if (Tag.Match(line) is { Success: true } tag)
                {
                    for (int c = changes.Count - 1; c >= 0 && changes[c].TagAfter == null; c--)
                    {
                        changes[c] = (changes[c].Name, changes[c].Line, tag.Groups["tag"].Value);
                    }

                    continue;
                }

                Match change = Change.Match(line);
                if (!change.Success)
                {
                    throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"{FileName} line {i + 1}: '{line}' is neither a change nor a tag.", planPath);
                }

                if (change.Groups["op"].Value == "-")
                {
                    throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidData, $"{FileName} line {i + 1}: a '-' entry reverts a change inside the plan; RollbackTools plans only deploys. Nothing was applied.", planPath);
                }

                changes.Add((change.Groups["name"].Value, i + 1, null));
            }

            for (int n = 0; n < changes.Count; n++)
            {
                (string name, int line, string? tagAfter) = changes[n];
                bool reworkedLater = changes.Skip(n + 1).Any(c => c.Name == name);
                string fileName = reworkedLater && tagAfter != null ? $"{name}@{tagAfter}.sql" : name + ".sql";
                string deploy = Path.Combine(folder, "deploy", fileName);
                if (!File.Exists(deploy))
                {
                    throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.ObjectNotFound, $"{FileName} line {line}: the change '{name}' has no deploy script ({Path.Combine("deploy", fileName)}).", deploy);
                }

                (string upSql, bool upOwnTransaction) = Unwrap(reader.Read(deploy));
                var draft = new ScriptDraft(MigrationVersion.Parse((n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), name, MigrationFormat.Sqitch, deploy, upSql, !upOwnTransaction && MigrationDirectives.InTransaction(upSql, deploy));
                string revert = Path.Combine(folder, "revert", fileName);
                if (File.Exists(revert))
                {
                    (string downSql, bool downOwnTransaction) = Unwrap(reader.Read(revert));
                    draft.DownSql = downSql;
                    draft.DownPath = revert;
                    draft.DownInTransaction = !downOwnTransaction && MigrationDirectives.InTransaction(downSql, revert);
                }

                string verify = Path.Combine(folder, "verify", fileName);
                if (File.Exists(verify))
                {
                    draft.VerifySql = Unwrap(reader.Read(verify)).Sql;
                    draft.VerifyNeedsRow = false;
                }

                contents.AddUp(draft);
            }
        }

        /// <summary>
        /// The script without the BEGIN; ... COMMIT; (or ROLLBACK;) Sqitch's templates put around it. A script
        /// that still controls transactions after that runs outside ours, as it asks.
        /// </summary>
        private static (string Sql, bool OwnTransaction) Unwrap(string sql)
        {
            Match opening = Opening.Match(sql);
            Match closing = Closing.Match(sql);
            if (opening.Success && closing.Success && closing.Index >= opening.Index + opening.Length - 1)
            {
                // The lines keep their places, so an error still names the line in the file.
                string body = opening.Groups["lead"].Value + new string('\n', Count(opening.Value, '\n') - Count(opening.Groups["lead"].Value, '\n'))
                    + sql.Substring(opening.Index + opening.Length, closing.Index - opening.Index - opening.Length);
                sql = body;
            }

            return (sql, TransactionControl.IsMatch(sql));
        }

        private static int Count(string s, char c) => s.Count(x => x == c);
    }
}
