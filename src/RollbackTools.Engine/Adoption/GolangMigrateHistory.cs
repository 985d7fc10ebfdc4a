using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// golang-migrate keeps one row, schema_migrations(version, dirty): every migration up to that version
    /// is applied, and that one is Dirty when the flag says so.
    /// </summary>
    internal sealed class GolangMigrateHistory : VersionedHistory
    {
        public override OtherTool Tool => OtherTool.GolangMigrate;

        public override HistoryTable DefaultTable(DatabaseProvider provider, MigrationFolder? folder) => new HistoryTable(null, "schema_migrations");

        // dbmate's table has the same name; golang-migrate's is the one with the dirty flag.
        public override async Task<bool> IsPresentAsync(DatabaseSession session, HistoryTable table, CancellationToken cancellationToken) =>
            await base.IsPresentAsync(session, table, cancellationToken).ConfigureAwait(false) && await HasColumnAsync(session, table, "dirty", cancellationToken).ConfigureAwait(false);

        public override async Task<IReadOnlyList<ForeignEntry>> ReadAsync(DatabaseSession session, HistoryTable table, IReadOnlyList<MigrationScript> scripts, MigrationFolder? folder, CancellationToken cancellationToken)
        {
            var rows = await session.QueryAsync($"SELECT version, dirty FROM {table.Quoted(session.Dialect)}", r => (Version: HistoryValues.Text(r, "version")!, Dirty: HistoryValues.Flag(r, "dirty")), cancellationToken).ConfigureAwait(false);
            var entries = new List<ForeignEntry>();
            foreach ((string version, bool dirty) in rows)
            {
                MigrationVersion current = MigrationVersion.Parse(version);
                string source = $"version {version}{(dirty ? " (dirty)" : "")}";
                entries.AddRange(scripts
                    .Where(s => !s.Version.IsRepeatable && s.Version.CompareTo(current) < 0)
                    .Select(s => new ForeignEntry(s.Version.Text, $"{source}, so {s.Version} before it", s, false)));
                entries.Add(new ForeignEntry(version, source, ByVersion(scripts, version), dirty));
            }

            return entries;
        }
    }
}
