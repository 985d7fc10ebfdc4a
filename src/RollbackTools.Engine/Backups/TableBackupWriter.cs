using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups
{
    /// <summary>
    /// The seed's Pattern 2, made safe: copy a table server-side, then count and checksum the source and the
    /// copy in the same transaction, and record the backup only when both agree. A copy that does not match,
    /// or is interrupted, is dropped: the catalog never lists a backup that was not verified.
    /// </summary>
    internal sealed class TableBackupWriter
    {
        private readonly DatabaseSession session;
        private readonly BackupCatalog catalog;
        private readonly IEngineLog log;

        public TableBackupWriter(DatabaseSession session, BackupCatalog catalog, IEngineLog log)
        {
            this.session = session;
            this.catalog = catalog;
            this.log = log;
        }

        public async Task<MigrationBackup> BackupAsync(string table, TableBackupOptions options, string createdBy, string? journalVersion, CancellationToken cancellationToken)
        {
            string schema = options.Schema ?? await TableShape.DefaultSchemaAsync(session, cancellationToken).ConfigureAwait(false);
            string backupSchema = options.BackupSchema ?? schema;
            TableShape shape = await TableShape.RequireAsync(session, schema, table, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<BackupColumn> columns = SelectColumns(shape, options.Columns);
            string[] names = columns.Select(c => c.Name).ToArray();
            DateTimeOffset now = DateTimeOffset.UtcNow;
            string backupTable = await BackupNames.FreeAsync(session, backupSchema, table, now, cancellationToken).ConfigureAwait(false);

            string source = session.Dialect.QualifiedName(schema, table);
            string copy = session.Dialect.QualifiedName(backupSchema, backupTable);
            string columnList = string.Join(", ", names.Select(session.Dialect.QuoteIdentifier));

            var backup = new MigrationBackup(0, BackupKind.Table, session.Target)
            {
                Schema = schema,
                Table = table,
                BackupSchema = backupSchema,
                BackupTable = backupTable,
                PrimaryKey = new ReadableList<string>(shape.PrimaryKey),
                Columns = new ReadableList<BackupColumn>(columns),
                Where = options.Where,
                Checksum = string.Empty,
                CreatedAt = now,
                CreatedBy = createdBy,
                JournalVersion = journalVersion,
                ExpiresAt = now + options.RetainFor,
                Incomplete = true,
            };

            // Where DDL is transactional the copy is made, filled, checked and recorded in one transaction, so a
            // crash leaves nothing. MySQL commits CREATE TABLE on the spot: there the catalog learns of the copy
            // first, as incomplete, so a crash leaves a row that Get-MigrationBackup -Incomplete lists.
            bool oneTransaction = session.Dialect.SupportsTransactionalDdl;
            MigrationBackup? pending = null;
            SideWork<TableChecksum>? sourceChecksum = null;
            if (oneTransaction)
            {
                await session.ExecuteAsync(session.Dialect.BeginSnapshotSql, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                pending = await catalog.AddAsync(backup, cancellationToken).ConfigureAwait(false);
            }

            bool recorded = false;
            try
            {
                string selected = $"SELECT {columnList} FROM {source}{Dialects.IdentifierRules.Where(options.Where)}";
                log.Verbose($"Copying {source} to {copy}.");
                if (oneTransaction)
                {
                    // One CREATE TABLE ... AS SELECT writes the copy in bulk, faster than filling an empty table.
                    sourceChecksum = await StartSourceChecksumAsync(schema, table, columns, options.Where, cancellationToken).ConfigureAwait(false);
                    await session.ExecuteAsync($"CREATE TABLE {copy} AS {selected}", cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // CREATE TABLE commits here, so the copy is filled afterwards in the snapshot transaction.
                    await session.ExecuteAsync($"CREATE TABLE {copy} AS SELECT {columnList} FROM {source} WHERE 1 = 0", cancellationToken).ConfigureAwait(false);
                    await session.ExecuteAsync(session.Dialect.BeginSnapshotSql, cancellationToken).ConfigureAwait(false);
                    sourceChecksum = await StartSourceChecksumAsync(schema, table, columns, options.Where, cancellationToken).ConfigureAwait(false);
                    await using (SideWork<long>? progress = await CopyProgressWatcher.StartAsync(session, table, options.OnRowsCopied, log, cancellationToken).ConfigureAwait(false))
                    {
                        await session.ExecuteAsync($"INSERT INTO {copy} ({columnList}) {selected}", cancellationToken).ConfigureAwait(false);
                    }
                }

                TableChecksum copied = await TableChecksum.ComputeAsync(session, backupSchema, backupTable, columns, null, lockRows: false, cancellationToken).ConfigureAwait(false);
                TableChecksum original = sourceChecksum != null
                    ? await sourceChecksum.Running.ConfigureAwait(false)
                    : await TableChecksum.ComputeAsync(session, schema, table, columns, options.Where, lockRows: true, cancellationToken).ConfigureAwait(false);
                if (original != copied)
                {
                    throw new RollbackToolsException(
                        ErrorIds.BackupVerificationFailed,
                        FailureCategory.InvalidData,
                        $"The copy of {source} does not match it ({original} in the source, {copied} in the copy); it was dropped.",
                        table);
                }

                backup.RowCount = copied.Rows;
                backup.Checksum = copied.Sum;
                backup.Incomplete = false;
                backup.Verified = true;
                MigrationBackup stored = pending == null
                    ? await catalog.AddAsync(backup, cancellationToken).ConfigureAwait(false)
                    : await catalog.CompleteAsync(pending.Id, backup, cancellationToken).ConfigureAwait(false);
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                recorded = true;
                log.Verbose($"Backed up {copied} from {source} to {copy}, verified.");
                return stored;
            }
            finally
            {
                if (sourceChecksum != null)
                {
                    await sourceChecksum.DisposeAsync().ConfigureAwait(false);
                }

                if (!recorded)
                {
                    await session.RollbackQuietlyAsync().ConfigureAwait(false);
                    if (!oneTransaction)
                    {
                        await DropQuietlyAsync(session, copy, log).ConfigureAwait(false);
                        await ForgetQuietlyAsync(pending!).ConfigureAwait(false);
                    }
                }
            }
        }

        private async Task<SideWork<TableChecksum>?> StartSourceChecksumAsync(string schema, string table, IReadOnlyList<BackupColumn> columns, string? where, CancellationToken cancellationToken)
        {
            SideWork<TableChecksum>? started = await SharedSnapshotChecksum.StartAsync(session, schema, table, columns, where, log, cancellationToken).ConfigureAwait(false);
            if (started != null)
            {
                log.Verbose("Checking the source on a second connection in the copy's snapshot while the copy runs.");
            }

            return started;
        }

        private static IReadOnlyList<BackupColumn> SelectColumns(TableShape shape, IReadOnlyList<string>? wanted)
        {
            if (wanted == null || wanted.Count == 0)
            {
                return shape.Columns;
            }

            string? unknown = wanted.FirstOrDefault(w => !shape.Has(w));
            if (unknown != null)
            {
                throw new RollbackToolsException(ErrorIds.ColumnNotFound, FailureCategory.ObjectNotFound, $"{shape.Table} has no column '{unknown}'. It has: {string.Join(", ", shape.Columns.Select(c => c.Name))}.", unknown);
            }

            return shape.Columns.Where(c => c.KeyPosition > 0 || wanted.Contains(c.Name)).ToList();
        }

        /// <summary>The incomplete row goes once its copy is gone; if this fails too, -Incomplete still lists both.</summary>
        private async Task ForgetQuietlyAsync(MigrationBackup pending)
        {
            try
            {
                await catalog.RemoveAsync(pending.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex)
            {
                log.Warning($"The incomplete backup {pending.Id} stays in the catalog ({ex.Message}): remove it with Get-MigrationBackup -Incomplete | Remove-MigrationBackup.");
            }
        }

        /// <summary>Drops a copy whose backup was never recorded; if that fails too, a warning names it.</summary>
        internal static async Task DropQuietlyAsync(DatabaseSession session, string copy, IEngineLog log)
        {
            try
            {
                await session.ExecuteAsync($"DROP TABLE IF EXISTS {copy}", CancellationToken.None).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex)
            {
                log.Warning($"The unfinished copy {copy} could not be dropped: {ex.Message}");
            }
        }
    }
}
