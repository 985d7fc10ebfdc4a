using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// goose appends to goose_db_version(id, version_id, is_applied, tstamp) on every up and down: the
    /// newest row of a version says whether it is applied. Version 0 is goose's own first row.
    /// </summary>
    internal sealed class GooseHistory : VersionedHistory
    {
        public override OtherTool Tool => OtherTool.Goose;

        public override HistoryTable DefaultTable(DatabaseProvider provider, MigrationFolder? folder) => new HistoryTable(null, "goose_db_version");

        public override async Task<IReadOnlyList<ForeignEntry>> ReadAsync(DatabaseSession session, HistoryTable table, IReadOnlyList<MigrationScript> scripts, MigrationFolder? folder, CancellationToken cancellationToken)
        {
            var rows = await session.QueryAsync(
                $"SELECT id, version_id, is_applied, tstamp FROM {table.Quoted(session.Dialect)} ORDER BY id",
                r => (Id: HistoryValues.Number(r, "id"), Version: HistoryValues.Number(r, "version_id"), Applied: HistoryValues.Flag(r, "is_applied"), At: HistoryValues.Time(r, "tstamp")),
                cancellationToken).ConfigureAwait(false);
            return rows
                .Where(r => r.Version != 0)
                .GroupBy(r => r.Version)
                .Select(g => g.Last())
                .Where(r => r.Applied)
                .OrderBy(r => r.Id)
                .Select(r => new ForeignEntry(r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), $"version_id {r.Version} (id {r.Id})", ByVersion(scripts, r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), false) { AppliedAt = r.At })
                .ToList();
        }
    }
}
