using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RollbackTools.Engine.Dialects
{
    /// <summary>Checks shared by every dialect before an identifier is quoted.</summary>
    internal static class IdentifierRules
    {
        public static void EnsureRepresentable(ISqlDialect dialect, string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw Invalid(dialect, name, "an identifier cannot be empty");
            }

            if (name.IndexOf('\0', StringComparison.Ordinal) >= 0)
            {
                throw Invalid(dialect, name, "an identifier cannot contain a NUL character");
            }

            if (!dialect.FitsIdentifierLimit(name))
            {
                throw Invalid(dialect, name, $"it is longer than {dialect.DisplayName}'s limit of {dialect.MaxIdentifierLength}");
            }
        }

        /// <summary>
        /// Before a catalog lookup by name: a name the server would silently change (PostgreSQL cuts names past
        /// 63 bytes) is InvalidIdentifier; a name no object can have is simply not found (false).
        /// </summary>
        public static bool CanLookUp(ISqlDialect dialect, string name)
        {
            EnsureRepresentable(dialect, name);
            return dialect.CanExist(name);
        }

        public static string Quote(string name, char quote)
        {
            var quoted = new StringBuilder(name.Length + 2);
            quoted.Append(quote);
            foreach (char c in name)
            {
                quoted.Append(c);
                if (c == quote)
                {
                    quoted.Append(c);
                }
            }

            return quoted.Append(quote).ToString();
        }

        public static string Qualify(ISqlDialect dialect, string? schema, string name) =>
            schema == null ? dialect.QuoteIdentifier(name) : dialect.QuoteIdentifier(schema) + "." + dialect.QuoteIdentifier(name);

        /// <summary>A column, quoted, behind a table alias when there is one.</summary>
        public static string Column(ISqlDialect dialect, string? alias, string name) =>
            alias == null ? dialect.QuoteIdentifier(name) : alias + "." + dialect.QuoteIdentifier(name);

        public static int Utf8Length(string name) => Encoding.UTF8.GetByteCount(name);

        /// <summary>" WHERE (predicate)", or nothing.</summary>
        public static string Where(string? predicate) => string.IsNullOrWhiteSpace(predicate) ? string.Empty : " WHERE (" + predicate + ")";

        /// <summary>left.k1 = right.k1 AND ... for a key.</summary>
        public static string KeysMatch(ISqlDialect dialect, string left, string right, IReadOnlyList<string> keyColumns) =>
            string.Join(" AND ", keyColumns.Select(k => $"{left}.{dialect.QuoteIdentifier(k)} = {right}.{dialect.QuoteIdentifier(k)}"));

        private static RollbackToolsException Invalid(ISqlDialect dialect, string name, string reason) =>
            new RollbackToolsException(
                ErrorIds.InvalidIdentifier,
                FailureCategory.InvalidArgument,
                $"The name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' cannot be used on {dialect.DisplayName}: {reason}.",
                name);
    }
}
