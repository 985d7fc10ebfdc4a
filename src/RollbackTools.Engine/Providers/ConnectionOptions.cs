using System;
using System.Collections.Generic;
using System.Data.Common;

namespace RollbackTools.Engine.Providers
{
    /// <summary>
    /// Copies URL query options onto a driver's connection-string builder, translating the libpq/dbmate
    /// spellings (sslmode, connect_timeout) to the driver's keywords.
    /// </summary>
    internal static class ConnectionOptions
    {
        public static void Apply(DbConnectionStringBuilder builder, DatabaseTarget target, IReadOnlyDictionary<string, string> aliases)
        {
            foreach (KeyValuePair<string, string> option in target.Options)
            {
                string keyword = aliases.TryGetValue(option.Key, out string? mapped) ? mapped : option.Key;
                if (IsSecret(keyword))
                {
                    throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, $"Put the password in -Credential or the URL's user part, not in the option '{option.Key}'.", option.Key);
                }

                try
                {
                    builder[keyword] = option.Value;
                }
                catch (ArgumentException ex)
                {
                    throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, $"The option '{option.Key}' is not understood by the {target.Provider} driver.", option.Key, ex);
                }
            }
        }

        /// <summary>
        /// The options a connection string names besides the ones the target holds itself. A plain
        /// DbConnectionStringBuilder is used because the drivers' builders list every keyword with its default.
        /// </summary>
        public static Dictionary<string, string> Remaining(string connectionString, params string[] handled)
        {
            var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var skip = new HashSet<string>(handled, StringComparer.OrdinalIgnoreCase);
            foreach (string key in given.Keys)
            {
                if (!skip.Contains(key) && !IsSecret(key))
                {
                    options[key] = Convert.ToString(given[key], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }

            return options;
        }

        /// <summary>Runs a driver's connection-string parser, turning its complaint into InvalidDatabaseUrl.</summary>
        public static TBuilder Read<TBuilder>(Func<TBuilder> parse, string databaseName)
        {
            try
            {
                return parse();
            }
            catch (ArgumentException ex)
            {
                throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, $"The {databaseName} connection string could not be read: {ex.Message}", null, ex);
            }
        }

        private static bool IsSecret(string keyword) =>
            keyword.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("password", StringComparison.OrdinalIgnoreCase)
            || keyword.Equals("pwd", StringComparison.OrdinalIgnoreCase);
    }
}
