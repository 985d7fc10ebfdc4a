using System;
using System.Collections.Generic;
using System.Text;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>One statement of a script and the line it starts on in the file.</summary>
    internal sealed record SqlStatement(string Text, int Line);

    /// <summary>What a database's SQL allows that the splitter must step over.</summary>
    internal sealed record SplitterOptions(bool DollarQuotes, bool BackslashEscapes, bool BacktickQuotes, bool HashComments, bool DelimiterDirective, bool TriggerBodies);

    /// <summary>
    /// Splits a script into statements at semicolons that are not inside quotes, comments, PostgreSQL
    /// dollar-quoted bodies, SQLite trigger bodies, or a MySQL client DELIMITER block.
    /// </summary>
    internal static class SqlStatementSplitter
    {
        public static IReadOnlyList<SqlStatement> Split(string script, SplitterOptions options)
        {
            var statements = new List<SqlStatement>();
            var current = new StringBuilder();
            string delimiter = ";";
            int line = 1;
            int startLine = 0;
            int i = 0;

            void Flush()
            {
                string text = current.ToString().Trim();
                if (text.Length > 0 && !IsOnlyComments(text, options))
                {
                    statements.Add(new SqlStatement(text, startLine));
                }

                current.Clear();
                startLine = 0;
            }

            // A statement's line is where its code starts, after any comments that lead into it.
            void MarkCode()
            {
                if (startLine == 0)
                {
                    startLine = line;
                }
            }

            while (i < script.Length)
            {
                if (current.ToString().Trim().Length == 0)
                {
                    if (options.DelimiterDirective && AtLineStart(script, i) && StartsWithWord(script, i, "DELIMITER"))
                    {
                        int end = script.IndexOf('\n', i);
                        string directive = (end < 0 ? script.Substring(i) : script.Substring(i, end - i)).Trim();
                        delimiter = directive.Substring("DELIMITER".Length).Trim();
                        if (delimiter.Length == 0)
                        {
                            throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"Line {line}: DELIMITER needs a delimiter.");
                        }

                        current.Clear();
                        i = end < 0 ? script.Length : end;
                        continue;
                    }
                }

                char c = script[i];
                if (c == '\n')
                {
                    line++;
                }

                if (c == '\'' || c == '"' || (c == '`' && options.BacktickQuotes))
                {
                    MarkCode();
                    i = CopyQuoted(script, i, c, options.BackslashEscapes && c != '`', current, ref line);
                    continue;
                }

                if (c == '-' && Peek(script, i + 1) == '-')
                {
                    i = CopyUntilLineEnd(script, i, current);
                    continue;
                }

                if (c == '#' && options.HashComments)
                {
                    i = CopyUntilLineEnd(script, i, current);
                    continue;
                }

                if (c == '/' && Peek(script, i + 1) == '*')
                {
                    int end = script.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    end = end < 0 ? script.Length : end + 2;
                    line += CountLines(script, i, end);
                    current.Append(script, i, end - i);
                    i = end;
                    continue;
                }

                if (c == '$' && options.DollarQuotes && TryReadDollarTag(script, i, out string tag))
                {
                    MarkCode();
                    int end = script.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                    end = end < 0 ? script.Length : end + tag.Length;
                    line += CountLines(script, i, end);
                    current.Append(script, i, end - i);
                    i = end;
                    continue;
                }

                if (options.TriggerBodies && (c == 'B' || c == 'b') && StartsWithWord(script, i, "BEGIN") && IsCreateTrigger(current.ToString()))
                {
                    int end = FindTriggerEnd(script, i + 5);
                    line += CountLines(script, i, end);
                    current.Append(script, i, end - i);
                    i = end;
                    continue;
                }

                if (string.CompareOrdinal(script, i, delimiter, 0, delimiter.Length) == 0)
                {
                    Flush();
                    i += delimiter.Length;
                    continue;
                }

                if (!char.IsWhiteSpace(c))
                {
                    MarkCode();
                }

                current.Append(c);
                i++;
            }

            Flush();
            return statements;
        }

        private static char Peek(string s, int i) => i < s.Length ? s[i] : '\0';

        private static bool AtLineStart(string s, int i)
        {
            for (int j = i - 1; j >= 0 && s[j] != '\n'; j--)
            {
                if (!char.IsWhiteSpace(s[j]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool StartsWithWord(string s, int i, string word) =>
            string.Compare(s, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (i + word.Length >= s.Length || !char.IsLetterOrDigit(s[i + word.Length]) && s[i + word.Length] != '_')
            && (i == 0 || !char.IsLetterOrDigit(s[i - 1]) && s[i - 1] != '_');

        private static int CountLines(string s, int from, int to)
        {
            int n = 0;
            for (int j = from; j < to && j < s.Length; j++)
            {
                if (s[j] == '\n')
                {
                    n++;
                }
            }

            return n;
        }

        private static int CopyQuoted(string s, int i, char quote, bool backslashEscapes, StringBuilder into, ref int line)
        {
            int j = i + 1;
            while (j < s.Length)
            {
                if (backslashEscapes && s[j] == '\\')
                {
                    j += 2;
                    continue;
                }

                if (s[j] == quote)
                {
                    if (Peek(s, j + 1) == quote)
                    {
                        j += 2;
                        continue;
                    }

                    j++;
                    break;
                }

                j++;
            }

            j = Math.Min(j, s.Length);
            line += CountLines(s, i, j);
            into.Append(s, i, j - i);
            return j;
        }

        private static int CopyUntilLineEnd(string s, int i, StringBuilder into)
        {
            int end = s.IndexOf('\n', i);
            end = end < 0 ? s.Length : end;
            into.Append(s, i, end - i);
            return end;
        }

        private static bool TryReadDollarTag(string s, int i, out string tag)
        {
            int j = i + 1;
            while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_'))
            {
                j++;
            }

            // $1 is a positional parameter, not a tag.
            if (j < s.Length && s[j] == '$' && (j == i + 1 || !char.IsDigit(s[i + 1])))
            {
                tag = s.Substring(i, j - i + 1);
                return true;
            }

            tag = string.Empty;
            return false;
        }

        private static bool IsCreateTrigger(string head)
        {
            string[] words = head.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return words.Length >= 2 && words[0].Equals("CREATE", StringComparison.OrdinalIgnoreCase)
                && Array.Exists(words, w => w.Equals("TRIGGER", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Finds the END that closes a trigger body, counting CASE ... END pairs inside it.</summary>
        private static int FindTriggerEnd(string s, int i)
        {
            int depth = 0;
            while (i < s.Length)
            {
                if (s[i] == '\'' || s[i] == '"')
                {
                    int ignored = 0;
                    i = CopyQuoted(s, i, s[i], false, new StringBuilder(), ref ignored);
                    continue;
                }

                if (StartsWithWord(s, i, "CASE"))
                {
                    depth++;
                }
                else if (StartsWithWord(s, i, "END"))
                {
                    if (depth == 0)
                    {
                        return i + 3;
                    }

                    depth--;
                }

                i++;
            }

            return s.Length;
        }

        private static bool IsOnlyComments(string text, SplitterOptions options)
        {
            foreach (string raw in text.Split('\n'))
            {
                string l = raw.Trim();
                bool comment = l.Length == 0
                    || l.StartsWith("--", StringComparison.Ordinal)
                    || (options.HashComments && l.StartsWith('#'))
                    || (l.StartsWith("/*", StringComparison.Ordinal) && l.EndsWith("*/", StringComparison.Ordinal));
                if (!comment)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
