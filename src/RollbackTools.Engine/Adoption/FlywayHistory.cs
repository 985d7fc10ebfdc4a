using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// Flyway's flyway_schema_history, read in installed_rank order: a versioned row applies its version
    /// (Dirty when success is false), a BASELINE row applies everything up to its version, an UNDO row takes
    /// its version back, and a repeatable (no version) is known by its script name. Each checksum is
    /// recomputed from the file, so a script edited since Flyway ran it is imported as Modified.
    /// </summary>
    internal sealed class FlywayHistory : VersionedHistory
    {
        public override OtherTool Tool => OtherTool.Flyway;

        public override HistoryTable DefaultTable(DatabaseProvider provider, MigrationFolder? folder) => new HistoryTable(null, "flyway_schema_history");

        public override async Task<IReadOnlyList<ForeignEntry>> ReadAsync(DatabaseSession session, HistoryTable table, IReadOnlyList<MigrationScript> scripts, MigrationFolder? folder, CancellationToken cancellationToken)
        {
            var rows = await session.QueryAsync(
                $"SELECT installed_rank, version, type, script, checksum, installed_by, installed_on, success FROM {table.Quoted(session.Dialect)} ORDER BY installed_rank",
                r => new
                {
                    Rank = HistoryValues.Number(r, "installed_rank"),
                    Version = HistoryValues.Text(r, "version"),
                    Type = HistoryValues.Text(r, "type") ?? string.Empty,
                    Script = HistoryValues.Text(r, "script") ?? string.Empty,
                    Checksum = HistoryValues.Text(r, "checksum"),
                    By = HistoryValues.Text(r, "installed_by"),
                    At = HistoryValues.Time(r, "installed_on"),
                    Success = HistoryValues.Flag(r, "success"),
                },
                cancellationToken).ConfigureAwait(false);

            // Later rows override earlier ones for the same migration: a re-run repeatable, an undo.
            var applied = new Dictionary<string, ForeignEntry>(StringComparer.Ordinal);
            var order = new List<string>();
            void Put(ForeignEntry entry)
            {
                if (!applied.ContainsKey(entry.Key))
                {
                    order.Add(entry.Key);
                }

                applied[entry.Key] = entry;
            }

            foreach (var row in rows)
            {
                string source = $"installed_rank {row.Rank} ({row.Type} {row.Version ?? row.Script})";
                if (row.Type.Contains("BASELINE", StringComparison.OrdinalIgnoreCase) && MigrationVersion.TryParse(row.Version, out MigrationVersion? baseline))
                {
                    foreach (MigrationScript script in scripts.Where(s => !s.Version.IsRepeatable && s.Version.CompareTo(baseline) <= 0))
                    {
                        Put(new ForeignEntry(script.Version.Text, source, script, false) { AppliedAt = row.At, AppliedBy = row.By });
                    }

                    continue;
                }

                if (row.Type.StartsWith("UNDO", StringComparison.OrdinalIgnoreCase))
                {
                    if (row.Success && row.Version != null && MigrationVersion.TryParse(row.Version, out MigrationVersion? undone))
                    {
                        foreach (string undoneKey in applied.Keys.Where(k => MigrationVersion.TryParse(k, out MigrationVersion? v) && v!.Equals(undone)).ToList())
                        {
                            applied.Remove(undoneKey);
                            order.Remove(undoneKey);
                        }
                    }

                    continue;
                }

                MigrationScript? match = row.Version == null
                    ? scripts.FirstOrDefault(s => s.Version.IsRepeatable && string.Equals(System.IO.Path.GetFileName(s.UpPath), System.IO.Path.GetFileName(row.Script), StringComparison.Ordinal))
                    : ByVersion(scripts, row.Version);
                string key = match?.Version.Text ?? row.Version ?? row.Script;
                bool? same = match == null || row.Checksum == null ? null : FlywayChecksum.Of(match.UpSql).ToString(System.Globalization.CultureInfo.InvariantCulture) == row.Checksum;
                Put(new ForeignEntry(key, source, match, !row.Success) { ChecksumMatches = same, AppliedAt = row.At, AppliedBy = row.By });
            }

            return order.Select(k => applied[k]).ToList();
        }
    }
}
