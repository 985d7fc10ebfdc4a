using System;
using System.Collections.Generic;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>One statement of a script and the line it starts on in the file.</summary>
    internal sealed record SqlStatement(string Text, int Line);

    /// <summary>Which compound bodies hold semicolons that do not end the statement.</summary>
    internal enum CompoundBodies
    {
        /// <summary>None: PostgreSQL keeps its bodies in dollar quotes.</summary>
        None,

        /// <summary>SQLite: CREATE TRIGGER ... BEGIN ... END, with CASE ... END inside.</summary>
        Triggers,

        /// <summary>
        /// MySQL and MariaDB: CREATE PROCEDURE, FUNCTION, TRIGGER and EVENT with BEGIN ... END bodies, nested
        /// IF, CASE, LOOP, WHILE and REPEAT, as the server parses a file sent whole without DELIMITER.
        /// </summary>
        Routines,
    }

    /// <summary>What a database's SQL allows that the splitter must step over.</summary>
    internal sealed record SplitterOptions(bool DollarQuotes, bool BackslashEscapes, bool BacktickQuotes, bool HashComments, bool DelimiterDirective, CompoundBodies Bodies);

    /// <summary>
    /// Splits a script into statements at semicolons that are not inside quotes, comments, PostgreSQL
    /// dollar-quoted bodies, compound bodies, or a MySQL client DELIMITER block. One pass over the text,
    /// each statement cut out once: a 50 MB seed file costs what reading it costs. A quote, dollar quote
    /// or block comment left open is refused, since the server would run what follows as something else.
    /// </summary>
    internal static class SqlStatementSplitter
    {
        /// <param name="script">The script.</param>
        /// <param name="options">The database's rules.</param>
        /// <param name="errorLineOffset">Lines before the script in its file (a dbmate section), for the line a refusal names.</param>
        public static IReadOnlyList<SqlStatement> Split(string script, SplitterOptions options, int errorLineOffset = 0) => new Scanner(script, options, errorLineOffset).Run();

        private sealed class Scanner
        {
            private readonly string s;
            private readonly SplitterOptions options;
            private readonly List<SqlStatement> statements = new List<SqlStatement>();
            private readonly BlockTracker blocks;
            private string delimiter = ";";
            private int line = 1;
            private int start;
            private int startLine;

            private readonly int errorLineOffset;

            public Scanner(string script, SplitterOptions options, int errorLineOffset)
            {
                s = script;
                this.options = options;
                this.errorLineOffset = errorLineOffset;
                blocks = new BlockTracker(options.Bodies);
            }

            private bool HasCode => startLine != 0;

            public IReadOnlyList<SqlStatement> Run()
            {
                int i = 0;
                while (i < s.Length)
                {
                    char c = s[i];
                    if (!HasCode && options.DelimiterDirective && (c == 'D' || c == 'd') && AtLineStart(i) && StartsWithWord(i, "DELIMITER"))
                    {
                        i = ReadDelimiter(i);
                        continue;
                    }

                    switch (c)
                    {
                        case '\n':
                            line++;
                            i++;
                            continue;
                        case '\'':
                        case '"':
                            MarkCode();
                            i = SkipQuoted(i, c, options.BackslashEscapes);
                            blocks.Other();
                            continue;
                        case '`' when options.BacktickQuotes:
                            MarkCode();
                            i = SkipQuoted(i, c, false);
                            blocks.Other();
                            continue;
                        case '-' when Peek(i + 1) == '-' && AtLineStart(i) && VerbatimMarker.Begins(s, i):
                            i = ReadVerbatim(i);
                            continue;
                        case '-' when Peek(i + 1) == '-':
                        case '#' when options.HashComments:
                            i = SkipToLineEnd(i);
                            continue;
                        case '/' when Peek(i + 1) == '*':
                            i = SkipBlockComment(i);
                            continue;
                        case '$' when options.DollarQuotes && TryReadDollarTag(i, out int tagLength):
                            MarkCode();
                            i = SkipDollarQuoted(i, tagLength);
                            continue;
                    }

                    if (c == delimiter[0] && string.CompareOrdinal(s, i, delimiter, 0, delimiter.Length) == 0 && (delimiter != ";" || blocks.Depth == 0))
                    {
                        Flush(i);
                        i += delimiter.Length;
                        start = i;
                        continue;
                    }

                    if (char.IsWhiteSpace(c))
                    {
                        i++;
                        continue;
                    }

                    MarkCode();
                    if (IsWordStart(c))
                    {
                        int end = i + 1;
                        while (end < s.Length && IsWordPart(s[end]))
                        {
                            end++;
                        }

                        if (delimiter == ";")
                        {
                            blocks.Word(s.AsSpan(i, end - i), s.AsSpan(end));
                        }

                        i = end;
                        continue;
                    }

                    if (delimiter == ";")
                    {
                        blocks.Symbol(c);
                    }

                    i++;
                }

                Flush(s.Length);
                return statements;
            }

            private void Flush(int end)
            {
                if (HasCode)
                {
                    statements.Add(new SqlStatement(s.Substring(start, end - start).Trim(), startLine));
                }

                startLine = 0;
                blocks.Reset();
            }

            // A statement's line is where its code starts, after any comments that lead into it.
            private void MarkCode()
            {
                if (startLine == 0)
                {
                    startLine = line;
                    blocks.Reset();
                }
            }

            private int ReadDelimiter(int i)
            {
                int end = s.IndexOf('\n', i);
                string directive = (end < 0 ? s.Substring(i) : s.Substring(i, end - i)).Trim();
                delimiter = directive.Substring("DELIMITER".Length).Trim();
                if (delimiter.Length == 0)
                {
                    throw Refused($"Line {line + errorLineOffset}: DELIMITER needs a delimiter.");
                }

                int next = end < 0 ? s.Length : end;
                start = next;
                return next;
            }

            /// <summary>
            /// The lines between a begin and an end marker are one statement, sent as written: goose's
            /// StatementBegin/StatementEnd, and the form the readers of other formats write (Liquibase's
            /// splitStatements:false and endDelimiter). A statement left unfinished before it ends there.
            /// </summary>
            private int ReadVerbatim(int i)
            {
                Flush(i);
                int openedAt = line;
                int bodyStart = s.IndexOf('\n', i);
                (int endAt, int after) = bodyStart < 0 ? (-1, -1) : VerbatimMarker.FindEnd(s, bodyStart + 1);
                if (endAt < 0)
                {
                    throw Refused($"Line {openedAt + errorLineOffset}: the statement block opened here has no end marker ({VerbatimMarker.End} or -- +goose StatementEnd).");
                }

                string body = s.Substring(bodyStart + 1, endAt - bodyStart - 1);
                line += CountLines(i, after);
                string text = body.Trim();
                if (text.Length > 0 && !MigrationScript.IsEmptyScript(text))
                {
                    statements.Add(new SqlStatement(text, openedAt + 1 + CountLeadingLines(body)));
                }

                start = after;
                return after;
            }

            private static int CountLeadingLines(string body)
            {
                int n = 0;
                for (int j = 0; j < body.Length && char.IsWhiteSpace(body[j]); j++)
                {
                    if (body[j] == '\n')
                    {
                        n++;
                    }
                }

                return n;
            }

            private int SkipQuoted(int i, char quote, bool backslashEscapes)
            {
                int openedAt = line;
                int j = i + 1;
                while (j < s.Length)
                {
                    char c = s[j];
                    if (c == '\n')
                    {
                        line++;
                    }
                    else if (backslashEscapes && c == '\\')
                    {
                        if (Peek(j + 1) == '\n')
                        {
                            line++;
                        }

                        j += 2;
                        continue;
                    }
                    else if (c == quote)
                    {
                        if (Peek(j + 1) != quote)
                        {
                            return j + 1;
                        }

                        j++;
                    }

                    j++;
                }

                string what = quote == '\'' ? "string" : "quoted identifier";
                throw Refused($"Line {openedAt + errorLineOffset}: the {what} opened with {quote} here is never closed; the rest of the file would run as part of it.");
            }

            private int SkipToLineEnd(int i)
            {
                int end = s.IndexOf('\n', i);
                return end < 0 ? s.Length : end;
            }

            private int SkipBlockComment(int i)
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Refused($"Line {line + errorLineOffset}: the /* comment opened here is never closed.");
                }

                line += CountLines(i, end);
                return end + 2;
            }

            private int SkipDollarQuoted(int i, int tagLength)
            {
                string tag = s.Substring(i, tagLength);
                int end = s.IndexOf(tag, i + tagLength, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Refused($"Line {line + errorLineOffset}: the dollar quote {tag} opened here is never closed.");
                }

                line += CountLines(i, end);
                return end + tagLength;
            }

            private bool TryReadDollarTag(int i, out int length)
            {
                int j = i + 1;
                while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_'))
                {
                    j++;
                }

                // $1 is a positional parameter, not a tag; a $ inside a word (a$b) is part of the word.
                bool tag = j < s.Length && s[j] == '$' && (j == i + 1 || !char.IsDigit(s[i + 1])) && (i == 0 || !IsWordPart(s[i - 1]));
                length = tag ? j - i + 1 : 0;
                return tag;
            }

            private int CountLines(int from, int to)
            {
                int n = 0;
                for (int j = from; j < to; j++)
                {
                    if (s[j] == '\n')
                    {
                        n++;
                    }
                }

                return n;
            }

            private char Peek(int i) => i < s.Length ? s[i] : '\0';

            private bool AtLineStart(int i)
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

            private bool StartsWithWord(int i, string word) =>
                string.Compare(s, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (i + word.Length >= s.Length || !IsWordPart(s[i + word.Length]))
                && (i == 0 || !IsWordPart(s[i - 1]));

            private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

            private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

            private static RollbackToolsException Refused(string message) =>
                new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, message);
        }
    }
}
