using System;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// Follows the nesting of a compound body (BEGIN ... END, CASE ... END, IF ... END IF and the loops) word by
    /// word, so the splitter knows a semicolon inside it does not end the statement. It only wakes up for a
    /// statement that starts as a routine, trigger or event does; everything else splits at every semicolon.
    /// </summary>
    internal sealed class BlockTracker
    {
        private const int HeadWords = 8;
        private readonly CompoundBodies bodies;
        private int wordsSeen;
        private bool decided;
        private bool active;
        private bool headIsBegin;
        private bool afterEnd;
        private bool atStatementStart;

        public BlockTracker(CompoundBodies bodies)
        {
            this.bodies = bodies;
        }

        /// <summary>How deep inside a compound body the scan is; 0 outside one.</summary>
        public int Depth { get; private set; }

        public void Reset()
        {
            wordsSeen = 0;
            decided = bodies == CompoundBodies.None;
            active = false;
            headIsBegin = false;
            afterEnd = false;
            atStatementStart = false;
            Depth = 0;
        }

        /// <param name="word">The word.</param>
        /// <param name="rest">What follows it: IF( and REPEAT( may be the functions, not the statements.</param>
        public void Word(ReadOnlySpan<char> word, ReadOnlySpan<char> rest)
        {
            if (!decided)
            {
                Decide(word);
            }

            if (!active)
            {
                return;
            }

            bool startsStatement = atStatementStart;
            bool followsEnd = afterEnd;
            afterEnd = false;
            atStatementStart = false;
            if (Is(word, "END"))
            {
                Depth = Math.Max(0, Depth - 1);
                afterEnd = true;
                return;
            }

            if (followsEnd)
            {
                // END IF, END CASE, END LOOP ...: the word names what the END closed.
                return;
            }

            if (Is(word, "BEGIN") || Is(word, "CASE"))
            {
                Depth++;
            }
            else if (bodies == CompoundBodies.Routines && startsStatement && (Is(word, "WHILE") || Is(word, "LOOP")
                || (Is(word, "IF") && !IsFunctionCall(rest, needsComma: true))
                || (Is(word, "REPEAT") && !IsFunctionCall(rest, needsComma: false))))
            {
                Depth++;
            }

            atStatementStart = bodies == CompoundBodies.Routines
                && (Is(word, "BEGIN") || Is(word, "THEN") || Is(word, "ELSE") || Is(word, "DO") || Is(word, "LOOP") || Is(word, "REPEAT") || Is(word, "ROW"));
        }

        /// <summary>Punctuation: a semicolon or a label's colon starts a statement inside the body.</summary>
        public void Symbol(char c)
        {
            afterEnd = false;
            atStatementStart = c == ';' || c == ':';
        }

        /// <summary>A quoted string or identifier.</summary>
        public void Other()
        {
            if (!decided)
            {
                wordsSeen++;
                decided = wordsSeen >= HeadWords;
            }

            afterEnd = false;
            atStatementStart = false;
        }

        private void Decide(ReadOnlySpan<char> word)
        {
            wordsSeen++;
            if (wordsSeen == 1)
            {
                headIsBegin = Is(word, "BEGIN");
                decided = !Is(word, "CREATE") && !headIsBegin;
                return;
            }

            // MariaDB's anonymous block: BEGIN NOT ATOMIC ... END. A plain BEGIN starts a transaction.
            if (headIsBegin)
            {
                active = bodies == CompoundBodies.Routines && wordsSeen == 2 && Is(word, "NOT");
                decided = true;
                if (active)
                {
                    Depth = 1;
                }

                return;
            }

            bool kind = Is(word, "TRIGGER")
                || (bodies == CompoundBodies.Routines && (Is(word, "PROCEDURE") || Is(word, "FUNCTION") || Is(word, "EVENT")));
            if (kind)
            {
                active = true;
                decided = true;
            }
            else
            {
                decided = wordsSeen >= HeadWords;
            }
        }

        /// <summary>
        /// Whether the text after IF or REPEAT is a call's argument list: "(a, b, c)" for IF, whose statement form
        /// takes one condition; any "(" for REPEAT, whose statement form is followed by a statement. Looks at
        /// most a few thousand characters ahead, so the scan stays linear.
        /// </summary>
        private static bool IsFunctionCall(ReadOnlySpan<char> rest, bool needsComma)
        {
            int i = 0;
            while (i < rest.Length && char.IsWhiteSpace(rest[i]))
            {
                i++;
            }

            if (i >= rest.Length || rest[i] != '(')
            {
                return false;
            }

            if (!needsComma)
            {
                return true;
            }

            int depth = 0;
            for (int end = Math.Min(rest.Length, i + 4096); i < end; i++)
            {
                char c = rest[i];
                if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && --depth == 0)
                {
                    return false;
                }
                else if (c == ',' && depth == 1)
                {
                    return true;
                }
                else if (c == ';')
                {
                    return false;
                }
            }

            return false;
        }

        private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
    }
}
