using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// Another migration tool's history table: where it is by default, whether it is there, and what its
    /// rows say was applied, matched to the migrations of a folder. Reading never writes to it.
    /// </summary>
    internal interface IOtherToolHistory
    {
        OtherTool Tool { get; }

        /// <summary>The table the tool uses when not told otherwise.</summary>
        HistoryTable DefaultTable(DatabaseProvider provider, MigrationFolder? folder);

        /// <summary>True when the table is there and looks like this tool's.</summary>
        Task<bool> IsPresentAsync(DatabaseSession session, HistoryTable table, CancellationToken cancellationToken);

        /// <summary>Every applied entry, oldest first, matched to <paramref name="scripts"/> (unmatched ones have no script).</summary>
        Task<IReadOnlyList<ForeignEntry>> ReadAsync(DatabaseSession session, HistoryTable table, IReadOnlyList<MigrationScript> scripts, MigrationFolder? folder, CancellationToken cancellationToken);
    }
}
