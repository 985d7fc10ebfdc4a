using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using RollbackTools.Engine.Providers;

namespace RollbackTools.Engine.Connections.Urls
{
    /// <summary>
    /// SQLite: sqlite:path (sqlite:///absolute/path for an absolute file, as in dbmate), or a bare path ending
    /// in one of the file extensions.
    /// </summary>
    internal sealed class FileUrlGrammar : IUrlGrammar
    {
        private readonly string[] extensions;

        public FileUrlGrammar(string[] schemes, string[] extensions)
        {
            Schemes = schemes;
            this.extensions = extensions;
        }

        public IReadOnlyList<string> Schemes { get; }

        public string Written(string scheme) => scheme + ":";

        public bool TakesBarePath(string text)
        {
            if (text.Contains("://", StringComparison.Ordinal) || text.Contains('='))
            {
                return false;
            }

            string path = text.Split('?')[0];
            return Array.Exists(extensions, e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        }

        public DatabaseTarget Parse(IDatabaseProvider provider, string text)
        {
            if (TakesBarePath(text) && !HasScheme(text))
            {
                return Target(provider, text, new Dictionary<string, string>());
            }

            string rest = text.Substring(text.IndexOf(':', StringComparison.Ordinal) + 1);
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
                throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, $"The {Schemes[0]}: URL names no database file.", Schemes[0] + ":");
            }

            return Target(provider, Uri.UnescapeDataString(rest), UrlQuery.Parse(query));
        }

        public void Format(DatabaseTarget target, StringBuilder url)
        {
            url.Append(target.DatabaseName);
            UrlQuery.Append(target.Options, url);
        }

        // :memory:, file: URIs and absolute paths are already where they are.
        public DatabaseTarget Locate(DatabaseTarget target, Func<string, string> fullPath) =>
            target.DatabaseName.Length == 0
            || target.DatabaseName.StartsWith(":memory:", StringComparison.OrdinalIgnoreCase)
            || target.DatabaseName.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || Path.IsPathRooted(target.DatabaseName)
                ? target
                : target.WithDatabase(fullPath(target.DatabaseName));

        private bool HasScheme(string text)
        {
            foreach (string scheme in Schemes)
            {
                if (text.StartsWith(scheme + ":", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static DatabaseTarget Target(IDatabaseProvider provider, string path, Dictionary<string, string> options)
        {
            var target = new DatabaseTarget(provider.Kind, null, null, path, null, null, options);
            provider.ValidateOptions(target);
            return target;
        }
    }
}
