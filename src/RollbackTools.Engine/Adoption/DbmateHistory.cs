using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>dbmate keeps schema_migrations(version): one row per applied migration, and no failures (it rolls back).</summary>
    internal sealed class DbmateHistory : VersionedHistory
    {
        public override OtherTool Tool => OtherTool.Dbmate;

        public override HistoryTable DefaultTable(DatabaseProvider provider, MigrationFolder? folder) => new HistoryTable(null, "schema_migrations");

        public override async Task<bool> IsPresentAsync(DatabaseSession session, HistoryTable table, CancellationToken cancellationToken) =>
            await base.IsPresentAsync(session, table, cancellationToken).ConfigureAwait(false) && !await HasColumnAsync(session, table, "dirty", cancellationToken).ConfigureAwait(false);

        public override async Task<IReadOnlyList<ForeignEntry>> ReadAsync(DatabaseSession session, HistoryTable table, IReadOnlyList<MigrationScript> scripts, MigrationFolder? folder, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> versions = await session.QueryAsync($"SELECT version FROM {table.Quoted(session.Dialect)}", r => HistoryValues.Text(r, "version")!, cancellationToken).ConfigureAwait(false);
            return versions
                .OrderBy(v => MigrationVersion.TryParse(v, out MigrationVersion? parsed) ? parsed : null)
                .Select(v => new ForeignEntry(v, $"version {v}", ByVersion(scripts, v), false))
                .ToList();
        }
    }
}
