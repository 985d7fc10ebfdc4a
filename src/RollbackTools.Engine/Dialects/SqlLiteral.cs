using System;
using System.Globalization;

namespace RollbackTools.Engine.Dialects
{
    /// <summary>
    /// A parameter's value written into SQL text, for the SQL plan a reviewer reads and may replay by hand.
    /// Nothing the module runs itself is built this way: its values always travel as parameters.
    /// </summary>
    internal static class SqlLiteral
    {
        /// <param name="backslashEscapes">MySQL and MariaDB read a backslash in a string as an escape unless NO_BACKSLASH_ESCAPES is set.</param>
        public static string Of(object? value, bool backslashEscapes) => value switch
        {
            null => "NULL",
            string text => Quote(text, backslashEscapes),
            bool flag => flag ? "TRUE" : "FALSE",
            IFormattable number when value is byte or sbyte or short or ushort or int or uint or long or ulong or decimal or double or float =>
                number.ToString(null, CultureInfo.InvariantCulture),
            _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, backslashEscapes),
        };

        private static string Quote(string text, bool backslashEscapes)
        {
            string escaped = text.Replace("'", "''", StringComparison.Ordinal);
            if (backslashEscapes)
            {
                escaped = escaped.Replace("\\", "\\\\", StringComparison.Ordinal);
            }

            return "'" + escaped + "'";
        }
    }
}
