using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups
{
    /// <summary>
    /// One table of another database (a recovered copy) brought into this one as a verified table backup: the
    /// rows read in one snapshot of the source, written to a new backup table here, and recorded only when the
    /// count and checksum here equal the source's. The restore then runs from it as from any table backup, so a
    /// table comes back from a point-in-time copy with the modes and checks table backups have.
    /// </summary>
    internal sealed class CopiedTableImporter
    {
        private const int RowsPerInsert = 500;
        private readonly IEngineLog log;

        public CopiedTableImporter(IEngineLog log)
        {
            this.log = log;
        }

        public async Task<MigrationBackup> ImportAsync(DatabaseTarget from, DatabaseTarget into, string table, TimeSpan retainFor, CancellationToken cancellationToken)
        {
            if (from.Provider != into.Provider)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"-FromDatabase is a {from.Provider} database and -Database a {into.Provider} one: a table comes back from a copy of the same kind.", from);
            }

            await using DatabaseSession source = await DatabaseSession.OpenExistingAsync(from, log, cancellationToken).ConfigureAwait(false);
            await using DatabaseSession target = await DatabaseSession.OpenAsync(into, log, cancellationToken).ConfigureAwait(false);
            string sourceSchema = await TableShape.DefaultSchemaAsync(source, cancellationToken).ConfigureAwait(false);
            TableShape shape = await TableShape.RequireAsync(source, sourceSchema, table, cancellationToken).ConfigureAwait(false);
            string schema = await TableShape.DefaultSchemaAsync(target, cancellationToken).ConfigureAwait(false);
            var catalog = new BackupCatalog(target);
            await catalog.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            string backupTable = await BackupNames.FreeAsync(target, schema, table, now, cancellationToken).ConfigureAwait(false);
            string copy = target.Dialect.QualifiedName(schema, backupTable);

            await source.ExecuteAsync(source.Dialect.BeginSnapshotSql, cancellationToken).ConfigureAwait(false);
            bool transactional = target.Dialect.SupportsTransactionalDdl;
            if (transactional)
            {
                await target.ExecuteAsync(target.Dialect.BeginSnapshotSql, cancellationToken).ConfigureAwait(false);
            }

            bool recorded = false;
            try
            {
                TableChecksum original = await TableChecksum.ComputeAsync(source, sourceSchema, table, shape.Columns, null, lockRows: false, cancellationToken).ConfigureAwait(false);
                string columnsDdl = string.Join(", ", shape.Columns.Select(c => $"{target.Dialect.QuoteIdentifier(c.Name)} {c.Type}{(c.NotNull ? " NOT NULL" : string.Empty)}"));
                await target.ExecuteAsync($"CREATE TABLE {copy} ({columnsDdl})", cancellationToken).ConfigureAwait(false);
                log.Verbose($"Copying {shape.Columns.Count} column(s) of {table} from {from.Url} into {copy} on {into.Url}.");

                string selectList = string.Join(", ", shape.Columns.Select(c => source.Dialect.QuoteIdentifier(c.Name)));
                IReadOnlyList<object?[]> rows = await source.QueryAsync(
                    $"SELECT {selectList} FROM {source.Dialect.QualifiedName(sourceSchema, table)}",
                    r =>
                    {
                        var values = new object?[r.FieldCount];
                        for (int i = 0; i < values.Length; i++)
                        {
                            values[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                        }

                        return values;
                    },
                    cancellationToken).ConfigureAwait(false);
                await source.RollbackQuietlyAsync().ConfigureAwait(false);

                for (int start = 0; start < rows.Count; start += RowsPerInsert)
                {
                    (string sql, IReadOnlyList<(string, object?)> parameters) = InsertBatch(target, copy, shape.Columns, rows, start, Math.Min(RowsPerInsert, rows.Count - start));
                    await target.ExecuteAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
                }

                TableChecksum copied = await TableChecksum.ComputeAsync(target, schema, backupTable, shape.Columns, null, lockRows: false, cancellationToken).ConfigureAwait(false);
                if (copied != original)
                {
                    throw new RollbackToolsException(ErrorIds.BackupVerificationFailed, FailureCategory.InvalidData, $"{table} copied from {from.Url} does not match its source ({original} there, {copied} here); nothing was kept.", table);
                }

                MigrationBackup stored = await catalog.AddAsync(
                    new MigrationBackup(0, BackupKind.Table, into)
                    {
                        Schema = schema,
                        Table = table,
                        BackupSchema = schema,
                        BackupTable = backupTable,
                        PrimaryKey = new ReadableList<string>(shape.PrimaryKey),
                        Columns = new ReadableList<BackupColumn>(shape.Columns),
                        RowCount = copied.Rows,
                        Checksum = copied.Sum,
                        CreatedAt = now,
                        CreatedBy = await Identity.OfAsync(target, cancellationToken).ConfigureAwait(false),
                        ExpiresAt = now + retainFor,
                        Verified = true,
                    },
                    cancellationToken).ConfigureAwait(false);
                if (transactional)
                {
                    await target.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                recorded = true;
                log.Verbose($"{copied} of {table} from {from.Url} kept as backup {stored.Id} ({backupTable}), verified.");
                return stored;
            }
            finally
            {
                await source.RollbackQuietlyAsync().ConfigureAwait(false);
                if (!recorded)
                {
                    await target.RollbackQuietlyAsync().ConfigureAwait(false);
                    if (!transactional)
                    {
                        await TableBackupWriter.DropQuietlyAsync(target, copy, log).ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>One INSERT of many rows, each value a parameter typed as its column where the dialect needs it.</summary>
        private static (string, IReadOnlyList<(string, object?)>) InsertBatch(DatabaseSession target, string copy, IReadOnlyList<BackupColumn> columns, IReadOnlyList<object?[]> rows, int start, int count)
        {
            var sql = new StringBuilder("INSERT INTO ").Append(copy).Append(" (").Append(string.Join(", ", columns.Select(c => target.Dialect.QuoteIdentifier(c.Name)))).Append(") VALUES ");
            var parameters = new List<(string, object?)>(count * columns.Count);
            for (int r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (int c = 0; c < columns.Count; c++)
                {
                    string name = $"@v{r}_{c}";
                    sql.Append(c == 0 ? string.Empty : ", ").Append(target.Dialect.TypedParameter(name, columns[c].Type));
                    parameters.Add((name, rows[start + r][c]));
                }

                sql.Append(')');
            }

            return (sql.ToString(), parameters);
        }
    }
}
