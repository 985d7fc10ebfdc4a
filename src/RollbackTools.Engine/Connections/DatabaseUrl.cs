using System;
using System.Linq;
using RollbackTools.Engine.Providers;

namespace RollbackTools.Engine.Connections
{
    /// <summary>
    /// Finds which database a URL is for, by its scheme or by a bare path one of them takes; the provider's
    /// own grammar (Urls/) reads the rest.
    /// </summary>
    internal static class DatabaseUrl
    {
        /// <summary>What precedes the first colon, for error messages that must not echo a password.</summary>
        public static string SchemeOf(string text)
        {
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? text.Substring(0, colon) : "(no scheme)";
        }

        /// <summary>key=value pairs with no scheme: an ADO.NET connection string, for -Provider's driver to read.</summary>
        public static bool LooksLikeConnectionString(string text) =>
            text.Contains('=') && !text.Contains("://", StringComparison.Ordinal) && ProviderOfScheme(text) == null;

        public static bool TryParse(string text, out DatabaseTarget? target)
        {
            target = null;
            IDatabaseProvider? provider = ProviderOfScheme(text) ?? ProviderRegistry.All.FirstOrDefault(p => p.Url.TakesBarePath(text));
            if (provider != null)
            {
                target = provider.Url.Parse(provider, text);
                return true;
            }

            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 1 && text.Contains("://", StringComparison.Ordinal))
            {
                string known = string.Join(", ", ProviderRegistry.All.SelectMany(p => p.Url.Schemes.Select(p.Url.Written)));
                throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, $"The URL scheme '{text.Substring(0, colon)}' is not supported. Use {known}.", text.Substring(0, colon));
            }

            // No scheme, a Windows drive letter, or text of another kind.
            return false;
        }

        private static IDatabaseProvider? ProviderOfScheme(string text) =>
            ProviderRegistry.All.FirstOrDefault(p => p.Url.Schemes.Any(scheme => text.StartsWith(scheme + ":", StringComparison.OrdinalIgnoreCase)));
    }
}
