using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>What the tools that number their migrations share: a table in the current schema, matched by version.</summary>
    internal abstract class VersionedHistory : IOtherToolHistory
    {
        public abstract OtherTool Tool { get; }

        public abstract HistoryTable DefaultTable(DatabaseProvider provider, MigrationFolder? folder);

        public virtual Task<bool> IsPresentAsync(DatabaseSession session, HistoryTable table, CancellationToken cancellationToken) =>
            session.TableExistsAsync(table.Schema, table.Name, cancellationToken);

        public abstract Task<IReadOnlyList<ForeignEntry>> ReadAsync(DatabaseSession session, HistoryTable table, IReadOnlyList<MigrationScript> scripts, MigrationFolder? folder, CancellationToken cancellationToken);

        /// <summary>The numbered migration with this version (00042 is 42), or null.</summary>
        protected static MigrationScript? ByVersion(IReadOnlyList<MigrationScript> scripts, string? version) =>
            MigrationVersion.TryParse(version, out MigrationVersion? parsed) ? scripts.FirstOrDefault(s => s.Version.Equals(parsed)) : null;

        protected static async Task<bool> HasColumnAsync(DatabaseSession session, HistoryTable table, string column, CancellationToken cancellationToken) =>
            (await session.ColumnNamesAsync(table.Quoted(session.Dialect), cancellationToken).ConfigureAwait(false)).Any(c => string.Equals(c, column, System.StringComparison.OrdinalIgnoreCase));
    }
}
