using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools
{
    /// <summary>
    /// A target group that changes: a query on a control database whose first column is the URL of each
    /// database of the fleet (a tenants table, say), read when the command runs.
    /// </summary>
    public static class TargetQuery
    {
        public static async Task<IReadOnlyList<string>> ReadUrlsAsync(DatabaseTarget control, string sql, IEngineLog log, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(control, log, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string?> urls = await session.QueryAsync(sql, r => r.IsDBNull(0) ? null : r.GetValue(0)?.ToString(), cancellationToken).ConfigureAwait(false);
            return urls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!.Trim()).ToList();
        }
    }
}
