using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Scratch
{
    /// <summary>PostgreSQL and MariaDB: a database next to the target's, named after it, dropped even while connected.</summary>
    internal sealed class ServerScratchDatabases : IScratchDatabases
    {
        /// <summary>The target's name with a purpose and a random suffix, within the 63/64-character limits.</summary>
        public static string NameFor(string database, string purpose)
        {
            string suffix = $"_rbt_{purpose}_{Guid.NewGuid().ToString("N").Substring(0, 8)}";
            return database.Substring(0, Math.Min(database.Length, 63 - suffix.Length)) + suffix;
        }

        public async Task<DatabaseTarget> CreateAsync(DatabaseSession beside, string purpose, CancellationToken cancellationToken)
        {
            string name = NameFor(beside.Target.DatabaseName, purpose);
            IReadOnlyList<string?> defaults = Array.Empty<string?>();
            if (beside.Dialect.DatabaseDefaultsSql is string sql)
            {
                defaults = (await beside.QueryAsync(sql, r => Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : r.GetString(i)).ToArray(), cancellationToken).ConfigureAwait(false)).FirstOrDefault() ?? defaults;
            }

            await beside.ExecuteAsync(beside.Dialect.CreateDatabaseLikeSql(name, defaults), cancellationToken).ConfigureAwait(false);
            return beside.Target.WithDatabase(name);
        }

        public Task DropAsync(DatabaseSession beside, DatabaseTarget scratch, CancellationToken cancellationToken) =>
            beside.ExecuteAsync(beside.Dialect.DropDatabaseSql(scratch.DatabaseName), cancellationToken);
    }
}
