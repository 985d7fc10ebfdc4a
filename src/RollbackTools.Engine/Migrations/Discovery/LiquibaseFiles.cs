using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// Liquibase formatted SQL: a file whose first line is "--liquibase formatted sql", holding changesets
    /// ("--changeset author:id attribute:value ...") with "--rollback" lines or a "/* liquibase rollback */"
    /// block. Changeset N of a file numbered F (001-users.sql) is our version F.N; files without a number take
    /// their place among the Liquibase files by name. Attributes that would make a changeset run differently
    /// from what we do (runAlways, runOnChange, failOnError:false, preconditions) are refused, not ignored.
    /// </summary>
    internal static class LiquibaseFiles
    {
        private static readonly Regex Header = new Regex(@"^\uFEFF?\s*--\s*liquibase\s+formatted\s+sql\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Changeset = new Regex(@"^--\s*changeset\s+(?<author>""[^""]*""|[^:\s]+):(?<id>""[^""]*""|\S+)(?<attrs>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Rollback = new Regex(@"^--\s*rollback\b\s?(?<sql>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex RollbackBlock = new Regex(@"^/\*\s*liquibase\s+rollback\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Refused = new Regex(@"^--\s*(?<what>precondition[\w-]*|ignoreLines:\S+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Ignored = new Regex(@"^--\s*(comment|validCheckSum)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex FileNumber = new Regex(@"^(?<n>\d+(?:[._]\d+)*)", RegexOptions.CultureInvariant);
        private static readonly Regex Attribute = new Regex(@"(?<key>\w+):(?<value>""[^""]*""|\S+)", RegexOptions.CultureInvariant);
        private static readonly string[] HonouredAttributes = { "runInTransaction", "splitStatements", "endDelimiter", "rollbackSplitStatements", "rollbackEndDelimiter", "dbms" };
        private static readonly string[] IgnoredAttributes = { "context", "contextFilter", "labels", "stripComments", "logicalFilePath", "created", "ignore", "runWith" };

        public static bool IsLiquibase(string sql) => Header.IsMatch(sql);

        /// <summary>Every Liquibase file's changesets, files in name order.</summary>
        public static void AddAll(IReadOnlyList<(string File, string Sql)> files, DatabaseProvider? provider, FolderContents contents)
        {
            for (int position = 0; position < files.Count; position++)
            {
                (string file, string sql) = files[position];
                Match number = FileNumber.Match(Path.GetFileName(file));
                string prefix = number.Success ? number.Groups["n"].Value.Replace('_', '.') : (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (ScriptDraft draft in Read(file, sql, prefix, provider))
                {
                    contents.AddUp(draft);
                }
            }
        }

        private static IEnumerable<ScriptDraft> Read(string file, string sql, string prefix, DatabaseProvider? provider)
        {
            string[] lines = sql.Replace("\r\n", "\n").Split('\n');
            ChangesetText? current = null;
            int index = 0;
            for (int i = Array.FindIndex(lines, l => Header.IsMatch(l)) + 1; i < lines.Length; i++)
            {
                string line = lines[i];
                string trimmed = line.Trim();
                Match changeset = Changeset.Match(trimmed);
                if (changeset.Success)
                {
                    if (current != null)
                    {
                        yield return current.ToDraft(file);
                    }

                    index++;
                    current = new ChangesetText(MigrationVersion.Parse($"{prefix}.{index}"), Unquote(changeset.Groups["author"].Value) + ":" + Unquote(changeset.Groups["id"].Value), i + 1, file, changeset.Groups["attrs"].Value);
                    if (!current.AppliesTo(provider))
                    {
                        current = null;
                    }

                    continue;
                }

                if (Refused.Match(trimmed) is { Success: true } refused)
                {
                    throw NotSupported(file, i + 1, $"'{refused.Groups["what"].Value}' would decide at run time whether the changeset runs; RollbackTools cannot honour it.");
                }

                if (current == null)
                {
                    if (trimmed.Length > 0 && !trimmed.StartsWith("--", StringComparison.Ordinal) && index == 0)
                    {
                        throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' line {i + 1}: SQL before the first --changeset belongs to no changeset.", file);
                    }

                    continue;
                }

                if (Ignored.IsMatch(trimmed))
                {
                    continue;
                }

                if (Rollback.Match(trimmed) is { Success: true } rollback)
                {
                    current.AddRollback(rollback.Groups["sql"].Value);
                }
                else if (RollbackBlock.IsMatch(trimmed))
                {
                    int end = Array.FindIndex(lines, i + 1, l => l.Trim().StartsWith("*/", StringComparison.Ordinal));
                    if (end < 0)
                    {
                        throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' line {i + 1}: the liquibase rollback block is never closed with */.", file);
                    }

                    current.AddRollback(string.Join("\n", lines, i + 1, end - i - 1));
                    i = end;
                }
                else
                {
                    current.AddLine(line);
                }
            }

            if (current != null)
            {
                yield return current.ToDraft(file);
            }
        }

        private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

        private static RollbackToolsException NotSupported(string file, int line, string why) =>
            new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' line {line}: {why} Nothing was applied.", file);

        /// <summary>One changeset's text and attributes as they are read.</summary>
        private sealed class ChangesetText
        {
            private readonly StringBuilder body = new StringBuilder();
            private readonly List<string> rollback = new List<string>();
            private readonly MigrationVersion version;
            private readonly string name;
            private readonly int line;
            private readonly Dictionary<string, string> attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public ChangesetText(MigrationVersion version, string name, int line, string file, string attributeText)
            {
                this.version = version;
                this.name = name;
                this.line = line;
                foreach (Match a in Attribute.Matches(attributeText))
                {
                    attributes[a.Groups["key"].Value] = Unquote(a.Groups["value"].Value);
                }

                foreach (string key in attributes.Keys)
                {
                    bool known = HonouredAttributes.Contains(key, StringComparer.OrdinalIgnoreCase) || IgnoredAttributes.Contains(key, StringComparer.OrdinalIgnoreCase);
                    bool harmless = (key.Equals("runAlways", StringComparison.OrdinalIgnoreCase) || key.Equals("runOnChange", StringComparison.OrdinalIgnoreCase)) && Flag(key, false) == false
                        || key.Equals("failOnError", StringComparison.OrdinalIgnoreCase) && Flag(key, true);
                    if (!known && !harmless)
                    {
                        string why = key.ToLowerInvariant() switch
                        {
                            "runalways" or "runonchange" => $"{key}:true runs the changeset again; RollbackTools applies each changeset once, and a changed one is refused as Modified.",
                            "failonerror" => "failOnError:false would record a failed changeset as applied.",
                            _ => $"the changeset attribute '{key}' is not one RollbackTools knows.",
                        };
                        throw NotSupported(file, line, why);
                    }
                }
            }

            public bool AppliesTo(DatabaseProvider? provider)
            {
                if (provider == null || !attributes.TryGetValue("dbms", out string? list))
                {
                    return true;
                }

                string[] names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                bool Named(string n) => n.Equals("all", StringComparison.OrdinalIgnoreCase) || DialectNames.Parse(n) == provider;
                bool excluded = names.Any(n => n.StartsWith('!') && Named(n.Substring(1)));
                bool included = names.Any(n => !n.StartsWith('!') && Named(n)) || names.All(n => n.StartsWith('!'));
                return included && !excluded;
            }

            public void AddLine(string text) => body.Append(text).Append('\n');

            public void AddRollback(string text) => rollback.Add(text);

            public ScriptDraft ToDraft(string file)
            {
                bool inTransaction = Flag("runInTransaction", true);
                string up = Statements(body.ToString(), Flag("splitStatements", true), Value("endDelimiter"));
                var draft = new ScriptDraft(version, name, MigrationFormat.Liquibase, file, up, inTransaction && MigrationDirectives.InTransaction(up, file)) { UpLine = line };
                if (rollback.Count > 0)
                {
                    string text = string.Join("\n", rollback).Trim();
                    bool nothing = text.Equals("not required", StringComparison.OrdinalIgnoreCase) || text.Equals("empty", StringComparison.OrdinalIgnoreCase);
                    draft.DownSql = nothing ? string.Empty : Statements(text, Flag("rollbackSplitStatements", Flag("splitStatements", true)), Value("rollbackEndDelimiter") ?? Value("endDelimiter"));
                    draft.DownPath = file;
                    draft.DownInTransaction = inTransaction;
                }

                return draft;
            }

            private string? Value(string key) => attributes.TryGetValue(key, out string? value) ? value : null;

            private bool Flag(string key, bool otherwise) => attributes.TryGetValue(key, out string? value) ? value.Equals("true", StringComparison.OrdinalIgnoreCase) : otherwise;

            /// <summary>
            /// The changeset's SQL as the splitter must see it: with splitStatements:false one fenced statement,
            /// with an endDelimiter one fenced statement per delimiter (at a line's end or on a line of its own),
            /// otherwise as written.
            /// </summary>
            private static string Statements(string sql, bool split, string? endDelimiter)
            {
                if (!split)
                {
                    return MigrationScript.IsEmptyScript(sql) ? sql.Trim() : VerbatimMarker.Fence(sql);
                }

                if (string.IsNullOrEmpty(endDelimiter) || endDelimiter == ";")
                {
                    return sql.TrimEnd();
                }

                string delimiter = endDelimiter.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
                var fenced = new StringBuilder();
                var statement = new StringBuilder();
                foreach (string raw in sql.Split('\n'))
                {
                    string trimmed = raw.TrimEnd();
                    if (trimmed.EndsWith(delimiter, StringComparison.OrdinalIgnoreCase))
                    {
                        statement.Append(trimmed, 0, trimmed.Length - delimiter.Length).Append('\n');
                        Emit();
                    }
                    else
                    {
                        statement.Append(raw).Append('\n');
                    }
                }

                Emit();
                return fenced.ToString().Trim();

                void Emit()
                {
                    string text = statement.ToString();
                    if (!MigrationScript.IsEmptyScript(text))
                    {
                        fenced.Append(VerbatimMarker.Fence(text));
                    }

                    statement.Clear();
                }
            }
        }
    }
}
