using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Providers;

namespace RollbackTools
{
    /// <summary>
    /// Where to connect, and as whom. Immutable: every With* method returns a copy, so one target
    /// can be shared by parallel runspaces. The password is held as a SecureString, is not a public
    /// property, and never appears in <see cref="Url"/> or <see cref="ToString"/>.
    /// </summary>
    public sealed class DatabaseTarget
    {
        public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(15);

        private readonly SecureString? password;
        private readonly SecureString? pendingText;

        // Null until someone sets a timeout, so reading deferred text keeps a Timeout= written in it.
        private readonly TimeSpan? givenConnectTimeout;

        internal DatabaseTarget(
            DatabaseProvider provider,
            string? host,
            int? port,
            string database,
            string? userName,
            SecureString? password,
            IReadOnlyDictionary<string, string>? options,
            TimeSpan? connectTimeout = null,
            SecureString? pendingText = null)
        {
            Provider = provider;
            Host = host;
            Port = port;
            DatabaseName = database;
            UserName = string.IsNullOrEmpty(userName) ? null : userName;
            this.password = password;
            var kept = new ReadableDictionary<string>(options, StringComparer.OrdinalIgnoreCase);
            givenConnectTimeout = connectTimeout ?? TakeTimeoutOption(kept);
            Options = kept;
            this.pendingText = pendingText;
            driver = provider == DatabaseProvider.Unspecified ? null : ProviderRegistry.Get(provider);
        }

        // Looked up once: everything that depends on the database (dialect, dumps, sessions) asks the target's own driver.
        private readonly IDatabaseProvider? driver;

        /// <summary>The provider that reads, opens and speaks for this target.</summary>
        internal IDatabaseProvider Driver => driver ?? throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, "A connection string needs -Provider (PostgreSql, MySql or Sqlite).", this);

        /// <summary>True when the database certainly does not exist and opening it would create it (a SQLite file), so readers can skip it.</summary>
        internal bool IsAbsent => Driver.IsAbsent(this);

        public DatabaseProvider Provider { get; }

        public string? Host { get; }

        public int? Port { get; }

        /// <summary>The database name; for SQLite, the database file.</summary>
        public string DatabaseName { get; }

        public string? UserName { get; }

        public bool HasPassword => password != null && password.Length > 0;

        /// <summary>Driver options other than host, port, database, user and password.</summary>
        public IReadOnlyDictionary<string, string> Options { get; }

        /// <summary>How long opening a connection may take, in milliseconds.</summary>
        public double ConnectTimeoutMs => ConnectTimeout.TotalMilliseconds;

        internal TimeSpan ConnectTimeout => givenConnectTimeout ?? DefaultConnectTimeout;

        /// <summary>The target as a URL, without its password: safe to print, log and store.</summary>
        public string Url => Provider == DatabaseProvider.Unspecified ? "(connection string; provider not given)" : FormatUrl();

        internal SecureString? Password => password;

        /// <summary>
        /// Reads a URL (postgres://, postgresql://, mysql://, mariadb://, sqlite:), or a path ending
        /// in .db, .sqlite or .sqlite3. Anything that looks like an ADO.NET connection string is kept
        /// until <see cref="Resolve"/> says which driver should read it.
        /// </summary>
        public static DatabaseTarget Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, "The database URL is empty.");
            }

            text = text.Trim();
            if (DatabaseUrl.TryParse(text, out DatabaseTarget? target))
            {
                return target!;
            }

            if (DatabaseUrl.LooksLikeConnectionString(text))
            {
                return Defer(text);
            }

            throw new RollbackToolsException(
                ErrorIds.InvalidDatabaseUrl,
                FailureCategory.InvalidArgument,
                $"'{DatabaseUrl.SchemeOf(text)}' is not a database URL RollbackTools knows. Use postgres://, mysql://, mariadb://, sqlite: or a path ending in .db, or an ADO.NET connection string with -Provider.",
                DatabaseUrl.SchemeOf(text));
        }

        /// <summary>Reads an ADO.NET connection string with the given provider's own parser.</summary>
        public static DatabaseTarget FromConnectionString(DatabaseProvider provider, string connectionString) =>
            ProviderRegistry.Get(provider).ParseConnectionString(connectionString);

        /// <summary>
        /// Keeps text unread until <see cref="Resolve"/>, so a caller can report a bad URL as an error of its
        /// own rather than at the moment the text arrives. The text is held as a SecureString: it may carry a password.
        /// </summary>
        public static DatabaseTarget Defer(string text) =>
            new DatabaseTarget(DatabaseProvider.Unspecified, null, null, string.Empty, null, null, null, pendingText: SecretText.Protect(text ?? string.Empty));

        /// <summary>
        /// Reads text kept by <see cref="Parse"/> or <see cref="Defer"/>: a URL names its own provider, a
        /// connection string is read by <paramref name="provider"/>'s driver. A resolved target is returned as it is.
        /// </summary>
        public DatabaseTarget Resolve(DatabaseProvider provider)
        {
            if (Provider != DatabaseProvider.Unspecified)
            {
                return this;
            }

            string text = SecretText.Reveal(pendingText!).Trim();
            DatabaseTarget parsed = DatabaseUrl.LooksLikeConnectionString(text) ? FromConnectionString(provider, text) : Parse(text);

            return givenConnectTimeout.HasValue ? parsed.WithConnectTimeout(givenConnectTimeout.Value) : parsed;
        }

        public DatabaseTarget WithCredential(string? userName, SecureString? newPassword) =>
            new DatabaseTarget(Provider, Host, Port, DatabaseName, string.IsNullOrEmpty(userName) ? UserName : userName, newPassword ?? password, Options, givenConnectTimeout, pendingText);

        /// <summary>
        /// A URL's connect timeout, spelled the libpq way (connect_timeout) or the drivers' (timeout, Connect
        /// Timeout), in seconds: taken out of the options so one limit bounds the whole connect, not two.
        /// </summary>
        private static TimeSpan? TakeTimeoutOption(SortedDictionary<string, string> options)
        {
            TimeSpan? found = null;
            foreach (string key in options.Keys.ToList())
            {
                string plain = key.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
                if (!TimeoutKeywords.Contains(plain))
                {
                    continue;
                }

                if (!double.TryParse(options[key], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) || seconds <= 0 || seconds > 86400)
                {
                    throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, $"The option '{key}' must be a number of seconds between 1 and 86400, not '{options[key]}'.", key);
                }

                found = TimeSpan.FromSeconds(seconds);
                options.Remove(key);
            }

            return found;
        }

        private static readonly HashSet<string> TimeoutKeywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "connecttimeout", "timeout", "connectiontimeout" };

        public DatabaseTarget WithConnectTimeout(TimeSpan timeout)
        {
            if (timeout <= TimeSpan.Zero)
            {
                throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, "The connect timeout must be positive.", timeout);
            }

            return new DatabaseTarget(Provider, Host, Port, DatabaseName, UserName, password, Options, timeout, pendingText);
        }

        /// <summary>The target with its relative parts made absolute by <paramref name="fullPath"/> (the caller's current location): a SQLite file path.</summary>
        public DatabaseTarget Locate(Func<string, string> fullPath) =>
            driver == null ? this : driver.Url.Locate(this, fullPath);

        /// <summary>The same database and login on another server: a recovered copy beside production.</summary>
        internal DatabaseTarget WithServer(string host, int port) =>
            new DatabaseTarget(Provider, host, port, DatabaseName, UserName, password, Options, givenConnectTimeout, pendingText);

        public DatabaseTarget WithDatabase(string database) =>
            new DatabaseTarget(Provider, Host, Port, database, UserName, password, Options, givenConnectTimeout, pendingText);

        public override string ToString() => Url;

        private string FormatUrl()
        {
            var url = new StringBuilder(Driver.Url.Schemes[0]).Append(':');
            Driver.Url.Format(this, url);
            return url.ToString();
        }
    }
}
