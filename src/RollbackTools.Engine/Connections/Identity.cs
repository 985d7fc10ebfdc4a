using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Engine.Connections
{
    /// <summary>Who does something, for the journal, the history and the backup catalog.</summary>
    internal static class Identity
    {
        /// <summary>"user@machine": the user the database sees (the OS user on SQLite), and the machine it came from.</summary>
        public static async Task<string> OfAsync(DatabaseSession session, CancellationToken cancellationToken)
        {
            string? user = session.Dialect.CurrentUserSql == null
                ? null
                : Convert.ToString(await session.ScalarAsync(session.Dialect.CurrentUserSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return $"{(string.IsNullOrEmpty(user) ? Environment.UserName : user)}@{Environment.MachineName}";
        }
    }
}
