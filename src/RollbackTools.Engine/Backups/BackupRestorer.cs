using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Dialects;

namespace RollbackTools.Engine.Backups
{
    /// <summary>
    /// Puts a table backup's rows back, in one transaction where the database allows, and proves it:
    /// after the restore the restored rows must have the backup's checksum, or everything is rolled back.
    /// </summary>
    internal sealed class BackupRestorer
    {
        private readonly DatabaseSession session;
        private readonly ISqlDialect dialect;
        private readonly IEngineLog log;

        public BackupRestorer(DatabaseSession session, IEngineLog log)
        {
            this.session = session;
            dialect = session.Dialect;
            this.log = log;
        }

        public async Task<RestorePlan> PlanAsync(MigrationBackup backup, RestoreMode mode, IReadOnlyList<string>? columns, string? intoTable, CancellationToken cancellationToken)
        {
            string schema = backup.Schema!;
            string table = intoTable ?? backup.Table!;
            TableShape target = await TableShape.RequireAsync(session, schema, table, cancellationToken).ConfigureAwait(false);
            string[] backupColumns = backup.Columns.Select(c => c.Name).ToArray();
            if (mode != RestoreMode.Replace && backup.PrimaryKey.Count == 0)
            {
                throw new RollbackToolsException(
                    ErrorIds.NoPrimaryKey,
                    FailureCategory.InvalidOperation,
                    $"{backup.Table} had no primary key when it was backed up, so rows cannot be matched for {mode}. Use -Mode Replace to put back the whole table.",
                    backup);
            }

            string into = dialect.QualifiedName(schema, table);
            string from = dialect.QualifiedName(backup.BackupSchema, backup.BackupTable!);
            var statements = new List<string>();
            IReadOnlyList<string> written;
            IReadOnlyList<BackupColumn> toAdd = Array.Empty<BackupColumn>();
            switch (mode)
            {
                case RestoreMode.Upsert:
                    RequireColumns(target, backupColumns, "-Columns re-adds columns the table lost");
                    written = backupColumns;
                    statements.Add(dialect.UpsertSql(schema, table, backup.BackupSchema, backup.BackupTable!, backup.PrimaryKey, written));
                    break;
                case RestoreMode.Replace:
                    RequireColumns(target, backupColumns, "restore the dropped columns first with -Columns");
                    written = backupColumns;
                    string list = string.Join(", ", written.Select(dialect.QuoteIdentifier));
                    statements.Add($"DELETE FROM {into}");
                    statements.Add($"INSERT INTO {into} ({list}) SELECT {list} FROM {from}");
                    break;
                default:
                    if (columns == null || columns.Count == 0)
                    {
                        throw new RollbackToolsException(ErrorIds.ColumnNotFound, FailureCategory.InvalidArgument, "Name the columns to restore with -Columns.", backup);
                    }

                    string? notInBackup = columns.FirstOrDefault(c => !backupColumns.Contains(c));
                    if (notInBackup != null)
                    {
                        throw new RollbackToolsException(ErrorIds.ColumnNotFound, FailureCategory.ObjectNotFound, $"The backup {backup.BackupTable} has no column '{notInBackup}'. It has: {string.Join(", ", backupColumns)}.", notInBackup);
                    }

                    written = columns.Where(c => !backup.PrimaryKey.Contains(c)).ToArray();
                    toAdd = backup.Columns.Where(c => written.Contains(c.Name) && !target.Has(c.Name)).ToArray();
                    statements.AddRange(toAdd.Select(c => $"ALTER TABLE {into} ADD COLUMN {dialect.QuoteIdentifier(c.Name)} {c.Type}"));
                    statements.Add(dialect.UpdateFromSql(schema, table, backup.BackupSchema, backup.BackupTable!, backup.PrimaryKey, written));
                    break;
            }

            return new RestorePlan(backup, mode, schema, table, written, toAdd, statements);
        }

        public async Task<RestoreResult> RunAsync(RestorePlan plan, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var result = new RestoreResult(plan) { AddedColumns = plan.ColumnsToAdd.Select(c => c.Name).ToArray() };
            MigrationBackup backup = plan.Backup;
            string into = dialect.QualifiedName(plan.Schema, plan.Table);
            string from = dialect.QualifiedName(backup.BackupSchema, backup.BackupTable!);
            int alterCount = plan.ColumnsToAdd.Count;

            // MySQL commits DDL on its own, so re-added columns go in before its transaction starts.
            bool ddlInTransaction = dialect.SupportsTransactionalDdl;
            if (!ddlInTransaction)
            {
                await RunAllAsync(plan.Statements.Take(alterCount), cancellationToken).ConfigureAwait(false);
            }

            await using (DatabaseTransaction transaction = await DatabaseTransaction.BeginAsync(session, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
            {
                if (ddlInTransaction)
                {
                    await RunAllAsync(plan.Statements.Take(alterCount), cancellationToken).ConfigureAwait(false);
                }

                string keysMatch = IdentifierRules.KeysMatch(dialect, "t", "b", backup.PrimaryKey);
                string[] valueColumns = plan.Columns.Where(c => !backup.PrimaryKey.Contains(c)).ToArray();
                switch (plan.Mode)
                {
                    case RestoreMode.Upsert:
                        // One join pass counts both: backup rows without a match are inserted, matched rows that differ updated.
                        string missing = $"t.{dialect.QuoteIdentifier(backup.PrimaryKey[0])} IS NULL";
                        string differs = valueColumns.Length == 0 ? "1 = 0" : dialect.RowsDifferSql("t", "b", valueColumns);
                        (result.Inserted, result.Updated) = await CountPairAsync(
                            $"SELECT SUM(CASE WHEN {missing} THEN 1 ELSE 0 END), SUM(CASE WHEN NOT ({missing}) AND {differs} THEN 1 ELSE 0 END) FROM {from} b LEFT JOIN {into} t ON {keysMatch}",
                            cancellationToken).ConfigureAwait(false);
                        break;
                    case RestoreMode.Replace:
                        result.Deleted = await CountAsync($"SELECT count(*) FROM {into}", cancellationToken).ConfigureAwait(false);
                        result.Inserted = backup.RowCount;
                        break;
                    default:
                        result.Updated = await CountAsync($"SELECT count(*) FROM {from} b JOIN {into} t ON {keysMatch} WHERE {dialect.RowsDifferSql("t", "b", valueColumns)}", cancellationToken).ConfigureAwait(false);
                        break;
                }

                await RunAllAsync(plan.Statements.Skip(alterCount), cancellationToken).ConfigureAwait(false);
                await VerifyAsync(plan, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            result.Verified = true;
            result.Duration = clock.Elapsed;
            log.Verbose($"Restored {into} from {from} ({plan.Mode}): {result.Inserted} inserted, {result.Updated} updated, {result.Deleted} deleted; verified.");
            return result;
        }

        /// <summary>The restored rows, and only those, must carry the backup's checksum over the restored columns.</summary>
        private async Task VerifyAsync(RestorePlan plan, CancellationToken cancellationToken)
        {
            MigrationBackup backup = plan.Backup;
            string into = dialect.QualifiedName(plan.Schema, plan.Table);
            string from = dialect.QualifiedName(backup.BackupSchema, backup.BackupTable!);
            IReadOnlyList<string> comparedNames = plan.Mode == RestoreMode.Columns ? backup.PrimaryKey.Concat(plan.Columns).ToArray() : plan.Columns;
            IReadOnlyList<BackupColumn> compared = comparedNames.Select(n => backup.Columns.First(c => c.Name == n)).ToArray();
            TableChecksum expected = plan.Mode == RestoreMode.Columns
                ? await TableChecksum.ComputeAsync(session, backup.BackupSchema, backup.BackupTable!, compared, null, false, cancellationToken).ConfigureAwait(false)
                : new TableChecksum(backup.RowCount, backup.Checksum);

            // Only the rows the backup holds: the join is driven by the backup (its keys are unique) and looks
            // rows up by the table's primary key; LEFT keeps a missing row in the count, so it cannot hide.
            // Replace leaves the table with exactly the backup's rows.
            string sql = plan.Mode == RestoreMode.Replace
                ? dialect.TableChecksumSql(plan.Schema, plan.Table, compared)
                : $"SELECT {dialect.ChecksumSelectList(compared, "t")} FROM {from} b LEFT JOIN {into} t ON {IdentifierRules.KeysMatch(dialect, "t", "b", backup.PrimaryKey)}";
            TableChecksum actual = await TableChecksum.QueryAsync(session, sql, cancellationToken).ConfigureAwait(false);
            if (expected != actual)
            {
                throw new RollbackToolsException(
                    ErrorIds.RestoreVerificationFailed,
                    FailureCategory.InvalidData,
                    $"After the restore, {into} does not match the backup {from} ({actual} restored, {expected} expected); the restore was rolled back.",
                    backup);
            }
        }

        private async Task RunAllAsync(IEnumerable<string> statements, CancellationToken cancellationToken)
        {
            foreach (string sql in statements)
            {
                await session.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<(long, long)> CountPairAsync(string sql, CancellationToken cancellationToken)
        {
            IReadOnlyList<(long, long)> rows = await session.QueryAsync(
                sql,
                r => (r.IsDBNull(0) ? 0L : Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), r.IsDBNull(1) ? 0L : Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)),
                cancellationToken).ConfigureAwait(false);
            return rows[0];
        }

        private async Task<long> CountAsync(string sql, CancellationToken cancellationToken) =>
            Convert.ToInt64(await session.ScalarAsync(sql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

        private static void RequireColumns(TableShape target, IEnumerable<string> columns, string hint)
        {
            string[] missing = columns.Where(c => !target.Has(c)).ToArray();
            if (missing.Length > 0)
            {
                throw new RollbackToolsException(
                    ErrorIds.ColumnNotFound,
                    FailureCategory.ObjectNotFound,
                    $"{target.Table} no longer has the column(s) {string.Join(", ", missing)} that the backup holds: {hint}.",
                    missing[0]);
            }
        }
    }
}
