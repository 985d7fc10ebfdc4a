using System;
using System.Collections.Generic;
using System.Linq;
using RollbackTools.Engine.Providers;

namespace RollbackTools.Engine.Connections
{
    /// <summary>
    /// Database URLs as dbmate and golang-migrate write them: scheme://user:password@host:port/db?options,
    /// and sqlite:path (sqlite:///absolute/path for an absolute file).
    /// </summary>
    internal static class DatabaseUrl
    {
        private static readonly Dictionary<string, DatabaseProvider> Schemes = new Dictionary<string, DatabaseProvider>(StringComparer.OrdinalIgnoreCase)
        {
            ["postgres"] = DatabaseProvider.PostgreSql,
            ["postgresql"] = DatabaseProvider.PostgreSql,
            ["mysql"] = DatabaseProvider.MySql,
            ["mariadb"] = DatabaseProvider.MySql,
            ["sqlite"] = DatabaseProvider.Sqlite,
            ["sqlite3"] = DatabaseProvider.Sqlite,
        };

        private static readonly string[] SqliteExtensions = { ".db", ".sqlite", ".sqlite3" };

        public static string CanonicalScheme(DatabaseProvider provider) => provider switch
        {
            DatabaseProvider.PostgreSql => "postgres",
            DatabaseProvider.MySql => "mysql",
            DatabaseProvider.Sqlite => "sqlite",
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

        /// <summary>What precedes the first colon, for error messages that must not echo a password.</summary>
        public static string SchemeOf(string text)
        {
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? text.Substring(0, colon) : "(no scheme)";
        }

        /// <summary>key=value pairs with no scheme: an ADO.NET connection string, for -Provider's driver to read.</summary>
        public static bool LooksLikeConnectionString(string text) =>
            text.Contains('=') && !text.Contains("://", StringComparison.Ordinal) && !Schemes.Keys.Any(scheme => text.StartsWith(scheme + ":", StringComparison.OrdinalIgnoreCase));

        public static bool TryParse(string text, out DatabaseTarget? target)
        {
            target = null;
            bool hasKnownScheme = Schemes.Keys.Any(scheme => text.StartsWith(scheme + ":", StringComparison.OrdinalIgnoreCase));
            if (!hasKnownScheme && HasSqliteExtension(text) && !text.Contains("://", StringComparison.Ordinal) && !text.Contains('='))
            {
                target = SqliteTarget(text, new Dictionary<string, string>());
                return true;
            }

            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 1)
            {
                // No scheme, or a Windows drive letter.
                return false;
            }

            string scheme = text.Substring(0, colon);
            if (!Schemes.TryGetValue(scheme, out DatabaseProvider provider))
            {
                if (text.Contains("://", StringComparison.Ordinal))
                {
                    throw new RollbackToolsException(
                        ErrorIds.InvalidDatabaseUrl,
                        FailureCategory.InvalidArgument,
                        $"The URL scheme '{scheme}' is not supported. Use postgres://, postgresql://, mysql://, mariadb:// or sqlite:.",
                        scheme);
                }

                return false;
            }

            target = provider == DatabaseProvider.Sqlite ? ParseSqlite(text.Substring(colon + 1)) : ParseServer(provider, text);
            return true;
        }

        private static bool HasSqliteExtension(string text)
        {
            string path = text.Split('?')[0];
            foreach (string extension in SqliteExtensions)
            {
                if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static DatabaseTarget ParseSqlite(string rest)
        {
            string query = string.Empty;
            int question = rest.IndexOf('?', StringComparison.Ordinal);
            if (question >= 0)
            {
                query = rest.Substring(question + 1);
                rest = rest.Substring(0, question);
            }

            // sqlite:///abs/path is an absolute path; sqlite://rel.db a relative one, as in dbmate.
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                rest = rest.Substring(2);
            }

            if (rest.Length == 0)
            {
                throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, "The sqlite: URL names no database file.", "sqlite:");
            }

            return SqliteTarget(Uri.UnescapeDataString(rest), ParseQuery(query));
        }

        private static DatabaseTarget SqliteTarget(string path, Dictionary<string, string> options)
        {
            var target = new DatabaseTarget(DatabaseProvider.Sqlite, null, null, path, null, null, options);
            ProviderRegistry.Get(DatabaseProvider.Sqlite).ValidateOptions(target);
            return target;
        }

        private static DatabaseTarget ParseServer(DatabaseProvider provider, string text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw new RollbackToolsException(
                    ErrorIds.InvalidDatabaseUrl,
                    FailureCategory.InvalidArgument,
                    $"The {SchemeOf(text)} URL could not be read. Expected {SchemeOf(text)}://user@host:port/database.",
                    SchemeOf(text));
            }

            string? user = null;
            string? password = null;
            if (uri.UserInfo.Length > 0)
            {
                string[] parts = uri.UserInfo.Split(new[] { ':' }, 2);
                user = Uri.UnescapeDataString(parts[0]);
                password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
            }

            string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            IDatabaseProvider services = ProviderRegistry.Get(provider);
            if (database.Length == 0)
            {
                database = services.DefaultDatabase;
            }

            var target = new DatabaseTarget(
                provider,
                uri.Host.Trim('[', ']'),
                uri.IsDefaultPort || uri.Port < 0 ? services.DefaultPort : uri.Port,
                database,
                user,
                password == null ? null : SecretText.Protect(password),
                ParseQuery(uri.Query.TrimStart('?')));
            services.ValidateOptions(target);
            return target;
        }

        private static Dictionary<string, string> ParseQuery(string query)
        {
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] kv = pair.Split(new[] { '=' }, 2);
                options[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty;
            }

            return options;
        }
    }
}
