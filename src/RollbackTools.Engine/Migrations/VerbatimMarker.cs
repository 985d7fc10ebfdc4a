using System;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// The comment lines that fence a statement the splitter must not cut: ours, and goose's, which mean the
    /// same. A fenced block is stored in the journal as written, so a down script read back years later
    /// splits the way it did when it was applied.
    /// </summary>
    internal static class VerbatimMarker
    {
        public const string Begin = "-- rollbacktools:statement-begin";
        public const string End = "-- rollbacktools:statement-end";
        private const string GooseBegin = "-- +goose StatementBegin";
        private const string GooseEnd = "-- +goose StatementEnd";

        /// <summary>Wraps a statement so that it is sent whole.</summary>
        public static string Fence(string statement) => $"{Begin}\n{statement.Trim()}\n{End}\n";

        /// <summary>True when the line starting at <paramref name="i"/> opens a fenced block.</summary>
        public static bool Begins(string s, int i) => LineIs(s, i, Begin) || LineIs(s, i, GooseBegin);

        /// <summary>Where the end marker's line starts and where the line after it starts, or -1.</summary>
        public static (int EndAt, int After) FindEnd(string s, int from)
        {
            int lineStart = from;
            while (lineStart < s.Length)
            {
                int first = lineStart;
                while (first < s.Length && s[first] != '\n' && char.IsWhiteSpace(s[first]))
                {
                    first++;
                }

                int lineEnd = s.IndexOf('\n', lineStart);
                int next = lineEnd < 0 ? s.Length : lineEnd + 1;
                if (LineIs(s, first, End) || LineIs(s, first, GooseEnd))
                {
                    return (lineStart, next);
                }

                lineStart = next;
            }

            return (-1, -1);
        }

        // The marker and nothing but whitespace after it on its line.
        private static bool LineIs(string s, int i, string marker)
        {
            if (string.Compare(s, i, marker, 0, marker.Length, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return false;
            }

            for (int j = i + marker.Length; j < s.Length && s[j] != '\n'; j++)
            {
                if (!char.IsWhiteSpace(s[j]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
