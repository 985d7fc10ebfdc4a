using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RollbackTools.Engine.Dialects;

namespace RollbackTools.Engine.Backups
{
    /// <summary>{table}_backup_{yyyyMMddHHmmss}, the seed's naming, shortened to fit the server's identifier limit.</summary>
    internal static class BackupNames
    {
        /// <summary>The first of the names <see cref="For"/> gives that no table in <paramref name="schema"/> has yet.</summary>
        public static async System.Threading.Tasks.Task<string> FreeAsync(Connections.DatabaseSession session, string schema, string table, DateTimeOffset at, System.Threading.CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                string name = For(session.Dialect, table, at, attempt);
                if (!await session.TableExistsAsync(schema, name, cancellationToken).ConfigureAwait(false))
                {
                    return name;
                }
            }
        }

        public static string For(ISqlDialect dialect, string table, DateTimeOffset at, int attempt)
        {
            string suffix = "_backup_" + at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (attempt > 1 ? "_" + attempt.ToString(CultureInfo.InvariantCulture) : string.Empty);
            if (dialect.FitsIdentifierLimit(table + suffix))
            {
                return table + suffix;
            }

            // A hash of the full name keeps two long names with the same start apart.
            string hash = "_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(table)))[..6].ToLowerInvariant();
            string head = table;
            while (head.Length > 0 && !dialect.FitsIdentifierLimit(head + hash + suffix))
            {
                head = head[..^1];
                if (head.Length > 0 && char.IsHighSurrogate(head[^1]))
                {
                    head = head[..^1];
                }
            }

            return head + hash + suffix;
        }
    }
}
