using System;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// A failing statement as the journal keeps it and the report quotes it: whole when short, cut when a
    /// seed file's INSERT runs to megabytes, with how much was left out.
    /// </summary>
    internal static class StatementQuote
    {
        public const int MaxLength = 2000;

        public static string Of(string statement, int maxLength = MaxLength)
        {
            string text = statement.Trim();
            if (text.Length <= maxLength)
            {
                return text;
            }

            return string.Concat(text.AsSpan(0, maxLength), $" … ({text.Length - maxLength} more characters)");
        }
    }
}
