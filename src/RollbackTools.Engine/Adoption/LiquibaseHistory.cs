using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// Liquibase's DATABASECHANGELOG: one row per changeset run, known by id, author and file name, in
    /// ORDEREXECUTED order. A row matches the changeset of that author:id in the file of that name.
    /// EXECTYPE FAILED is Dirty; MD5SUM is not recomputed (Liquibase's checksum depends on its version).
    /// </summary>
    internal sealed class LiquibaseHistory : VersionedHistory
    {
        public override OtherTool Tool => OtherTool.Liquibase;

        // Liquibase creates the table unquoted: upper case where the database keeps case (MySQL on Linux), lower on PostgreSQL.
        public override HistoryTable DefaultTable(DatabaseProvider provider, MigrationFolder? folder) =>
            new HistoryTable(null, provider == DatabaseProvider.PostgreSql ? "databasechangelog" : "DATABASECHANGELOG");

        public override async Task<bool> IsPresentAsync(DatabaseSession session, HistoryTable table, CancellationToken cancellationToken) =>
            await base.IsPresentAsync(session, table, cancellationToken).ConfigureAwait(false)
            || await base.IsPresentAsync(session, table with { Name = table.Name.ToLowerInvariant() }, cancellationToken).ConfigureAwait(false);

        public override async Task<IReadOnlyList<ForeignEntry>> ReadAsync(DatabaseSession session, HistoryTable table, IReadOnlyList<MigrationScript> scripts, MigrationFolder? folder, CancellationToken cancellationToken)
        {
            if (!await base.IsPresentAsync(session, table, cancellationToken).ConfigureAwait(false))
            {
                table = table with { Name = table.Name.ToLowerInvariant() };
            }

            var rows = await session.QueryAsync(
                $"SELECT id, author, filename, dateexecuted, orderexecuted, exectype FROM {table.Quoted(session.Dialect)} ORDER BY orderexecuted",
                r => new
                {
                    Id = HistoryValues.Text(r, "id")!,
                    Author = HistoryValues.Text(r, "author")!,
                    File = HistoryValues.Text(r, "filename") ?? string.Empty,
                    At = HistoryValues.Time(r, "dateexecuted"),
                    Type = HistoryValues.Text(r, "exectype") ?? "EXECUTED",
                },
                cancellationToken).ConfigureAwait(false);
            return rows
                .Select(row =>
                {
                    string name = row.Author + ":" + row.Id;
                    MigrationScript? match = scripts.FirstOrDefault(s => s.Format == MigrationFormat.Liquibase && s.Name == name && string.Equals(Path.GetFileName(s.UpPath), Path.GetFileName(row.File.Replace('\\', '/')), StringComparison.Ordinal));
                    return new ForeignEntry(name, $"{row.File}::{row.Id}::{row.Author} ({row.Type})", match, row.Type.Equals("FAILED", StringComparison.OrdinalIgnoreCase)) { AppliedAt = row.At };
                })
                .ToList();
        }
    }
}
