using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.SoftDelete
{
    /// <summary>What depends on a table or column, and how much it has been used: one implementation per database.</summary>
    internal interface IObjectInspector
    {
        /// <summary>Views, foreign keys and triggers that name the table (or the column, when given), described for an operator.</summary>
        Task<IReadOnlyList<string>> DependentsAsync(DatabaseSession session, string schema, string table, string? column, CancellationToken cancellationToken);

        /// <summary>Reads and writes the server has counted for the table so far, or null where it does not count them.</summary>
        Task<(long Reads, long Writes)?> UsageAsync(DatabaseSession session, string schema, string table, CancellationToken cancellationToken);

    }
}
