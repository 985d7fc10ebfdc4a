using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using RollbackTools.Engine.Providers;

namespace RollbackTools.Engine.Connections.Urls
{
    /// <summary>PostgreSQL and MariaDB: scheme://user:password@host:port/database?options, as dbmate and golang-migrate write them.</summary>
    internal sealed class ServerUrlGrammar : IUrlGrammar
    {
        public ServerUrlGrammar(params string[] schemes) => Schemes = schemes;

        public IReadOnlyList<string> Schemes { get; }

        public string Written(string scheme) => scheme + "://";

        public bool TakesBarePath(string text) => false;

        public DatabaseTarget Parse(IDatabaseProvider provider, string text)
        {
            string scheme = DatabaseUrl.SchemeOf(text);
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw new RollbackToolsException(
                    ErrorIds.InvalidDatabaseUrl,
                    FailureCategory.InvalidArgument,
                    $"The {scheme} URL could not be read. Expected {scheme}://user@host:port/database.",
                    scheme);
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
            var target = new DatabaseTarget(
                provider.Kind,
                uri.Host.Trim('[', ']'),
                uri.IsDefaultPort || uri.Port < 0 ? provider.DefaultPort : uri.Port,
                database.Length == 0 ? provider.DefaultDatabase : database,
                user,
                password == null ? null : SecretText.Protect(password),
                UrlQuery.Parse(uri.Query.TrimStart('?')));
            provider.ValidateOptions(target);
            return target;
        }

        public void Format(DatabaseTarget target, StringBuilder url)
        {
            url.Append("//");
            if (target.UserName != null)
            {
                url.Append(Uri.EscapeDataString(target.UserName)).Append('@');
            }

            url.Append(target.Host);
            if (target.Port.HasValue)
            {
                url.Append(':').Append(target.Port.Value.ToString(CultureInfo.InvariantCulture));
            }

            url.Append('/').Append(Uri.EscapeDataString(target.DatabaseName));
            UrlQuery.Append(target.Options, url);
        }

        public DatabaseTarget Locate(DatabaseTarget target, Func<string, string> fullPath) => target;
    }
}
