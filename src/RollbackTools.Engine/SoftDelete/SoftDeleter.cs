using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.SoftDelete
{
    /// <summary>
    /// The seed's Pattern 3 on an open session: rename to _deprecated_{name} instead of dropping, record it,
    /// rename back on demand, and drop for good only what nobody used since. Transactions are the caller's.
    /// </summary>
    internal sealed class SoftDeleter
    {
        public const string Prefix = "_deprecated_";
        private readonly DatabaseSession session;
        private readonly DeprecationCatalog catalog;
        private readonly IEngineLog log;

        public SoftDeleter(DatabaseSession session, IEngineLog log)
        {
            this.session = session;
            catalog = new DeprecationCatalog(session);
            this.log = log;
        }

        public DeprecationCatalog Catalog => catalog;

        public async Task<DeprecatedObject> DeprecateAsync(string? schema, string table, string? column, TimeSpan retainFor, bool force, string? migrationVersion, CancellationToken cancellationToken)
        {
            schema ??= await TableShape.DefaultSchemaAsync(session, cancellationToken).ConfigureAwait(false);
            TableShape shape = await TableShape.RequireAsync(session, schema, table, cancellationToken).ConfigureAwait(false);
            if (column != null && !shape.Has(column))
            {
                throw new RollbackToolsException(ErrorIds.ColumnNotFound, FailureCategory.ObjectNotFound, $"{table} has no column '{column}'.", column);
            }

            await EnsureNoDependentsAsync(schema, table, column, force, cancellationToken).ConfigureAwait(false);
            string original = column ?? table;
            string deprecated = await FreeNameAsync(schema, shape, original, column != null, cancellationToken).ConfigureAwait(false);
            if (column == null)
            {
                await session.ExecuteAsync(session.Dialect.RenameTableSql(schema, table, deprecated), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await session.ExecuteAsync($"ALTER TABLE {session.Dialect.QualifiedName(schema, table)} RENAME COLUMN {session.Dialect.QuoteIdentifier(column)} TO {session.Dialect.QuoteIdentifier(deprecated)}", cancellationToken).ConfigureAwait(false);
            }

            (long Reads, long Writes)? usage = column == null ? await session.Inspector.UsageAsync(session, schema, deprecated, cancellationToken).ConfigureAwait(false) : null;
            DateTimeOffset now = DateTimeOffset.UtcNow;
            string by = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
            await catalog.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            DeprecatedObject item = await catalog.AddAsync(
                new DeprecatedObject(0, column == null ? DeprecatedKind.Table : DeprecatedKind.Column, session.Target)
                {
                    Schema = schema,
                    Table = table,
                    Name = original,
                    DeprecatedName = deprecated,
                    DeprecatedAt = now,
                    DeprecatedBy = by,
                    ExpiresAt = now + retainFor,
                    ReadsAtRename = usage?.Reads,
                    WritesAtRename = usage?.Writes,
                    MigrationVersion = migrationVersion,
                },
                cancellationToken).ConfigureAwait(false);
            await HistoryAsync(item, HistoryAction.SoftDelete, null, cancellationToken).ConfigureAwait(false);
            log.Verbose($"Renamed {item.Kind.ToString().ToLowerInvariant()} {original} to {deprecated}; kept until {item.ExpiresAt:u}.");
            return item;
        }

        public async Task RestoreAsync(DeprecatedObject item, CancellationToken cancellationToken)
        {
            if (item.Kind == DeprecatedKind.Table)
            {
                if (await session.TableExistsAsync(item.Schema, item.Name, cancellationToken).ConfigureAwait(false))
                {
                    throw NameTaken(item, $"a table {item.Name} exists again");
                }

                await session.ExecuteAsync(session.Dialect.RenameTableSql(item.Schema, item.DeprecatedName, item.Name), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                TableShape shape = await TableShape.RequireAsync(session, item.Schema, item.Table, cancellationToken).ConfigureAwait(false);
                if (shape.Has(item.Name))
                {
                    throw NameTaken(item, $"{item.Table} has a column {item.Name} again");
                }

                await session.ExecuteAsync($"ALTER TABLE {session.Dialect.QualifiedName(item.Schema, item.Table)} RENAME COLUMN {session.Dialect.QuoteIdentifier(item.DeprecatedName)} TO {session.Dialect.QuoteIdentifier(item.Name)}", cancellationToken).ConfigureAwait(false);
            }

            await catalog.RemoveAsync(item.Id, cancellationToken).ConfigureAwait(false);
            await HistoryAsync(item, HistoryAction.Restore, null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Drops a deprecated object for good; refuses one used since it was renamed unless forced.</summary>
        public async Task DropAsync(DeprecatedObject item, bool force, CancellationToken cancellationToken)
        {
            await MeasureUsageAsync(item, cancellationToken).ConfigureAwait(false);
            if (item.UsedSinceDeprecation == true && !force)
            {
                throw new RollbackToolsException(ErrorIds.ObjectInUse, FailureCategory.InvalidOperation, $"{item.DeprecatedName} was used since it was deprecated ({item.Usage}): something still reads or writes it. Find it, or pass -Force.", item);
            }

            await DropNowAsync(item.Schema, item.Kind == DeprecatedKind.Table ? item.DeprecatedName : item.Table, item.Kind == DeprecatedKind.Table ? null : item.DeprecatedName, cancellationToken).ConfigureAwait(false);
            await catalog.RemoveAsync(item.Id, cancellationToken).ConfigureAwait(false);
            await HistoryAsync(item, HistoryAction.Drop, item.Usage, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Drops at once (-Hard): only with a verified backup of the table from the last day, unless forced.</summary>
        public async Task HardDeleteAsync(string? schema, string table, string? column, bool force, CancellationToken cancellationToken)
        {
            schema ??= await TableShape.DefaultSchemaAsync(session, cancellationToken).ConfigureAwait(false);
            await TableShape.RequireAsync(session, schema, table, cancellationToken).ConfigureAwait(false);
            if (!force)
            {
                IReadOnlyList<MigrationBackup> backups = await new BackupCatalog(session).ReadAsync(cancellationToken).ConfigureAwait(false);
                bool recent = backups.Any(b => b.Kind == BackupKind.Table && b.Table == table && b.Schema == schema && b.Verified && b.CreatedAt > DateTimeOffset.UtcNow.AddDays(-1)
                    && (column == null || b.Columns.Any(c => c.Name == column)));
                if (!recent)
                {
                    throw new RollbackToolsException(ErrorIds.NoRecentBackup, FailureCategory.InvalidOperation, $"There is no verified backup of {table} from the last day: take one with New-MigrationBackup -Table {table}, or pass -Force.", table);
                }
            }

            await DropNowAsync(schema, table, column, cancellationToken).ConfigureAwait(false);
            var item = new DeprecatedObject(0, column == null ? DeprecatedKind.Table : DeprecatedKind.Column, session.Target) { Schema = schema, Table = table, Name = column ?? table, DeprecatedName = column ?? table };
            await HistoryAsync(item, HistoryAction.Drop, "Dropped at once (-Hard).", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Fills in whether the server counted use of a deprecated table since its rename.</summary>
        public async Task MeasureUsageAsync(DeprecatedObject item, CancellationToken cancellationToken)
        {
            if (item.Kind != DeprecatedKind.Table)
            {
                item.Usage = "Unknown: servers count use per table, not per column.";
                return;
            }

            (long Reads, long Writes)? now = await session.Inspector.UsageAsync(session, item.Schema, item.DeprecatedName, cancellationToken).ConfigureAwait(false);
            if (now == null || item.ReadsAtRename == null)
            {
                item.Usage = session.Dialect.SupportsSessionControl
                    ? "Unknown: the server keeps no table I/O counters (MySQL/MariaDB: enable performance_schema)."
                    : "Unknown: SQLite counts no use of tables.";
                return;
            }

            long reads = now.Value.Reads - item.ReadsAtRename.Value;
            long writes = now.Value.Writes - item.WritesAtRename!.Value;
            item.UsedSinceDeprecation = reads > 0 || writes > 0;
            item.Usage = $"{reads} read(s), {writes} row write(s) since the rename";
        }

        private async Task EnsureNoDependentsAsync(string schema, string table, string? column, bool force, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> dependents = await session.Inspector.DependentsAsync(session, schema, table, column, cancellationToken).ConfigureAwait(false);
            if (dependents.Count > 0 && !force)
            {
                throw new RollbackToolsException(
                    ErrorIds.HasDependents,
                    FailureCategory.InvalidOperation,
                    $"{(column == null ? table : table + "." + column)} is used by {string.Join(", ", dependents)}: renaming it would break them. Change those first, or pass -Force.",
                    column ?? table);
            }
        }

        private async Task<string> FreeNameAsync(string schema, TableShape shape, string original, bool isColumn, CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                string suffix = attempt == 1 ? string.Empty : "_" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string head = original;
                while (!session.Dialect.FitsIdentifierLimit(Prefix + head + suffix))
                {
                    head = head[..^1];
                }

                string name = Prefix + head + suffix;
                bool taken = isColumn ? shape.Has(name) : await session.TableExistsAsync(schema, name, cancellationToken).ConfigureAwait(false);
                if (!taken)
                {
                    return name;
                }
            }
        }

        private async Task DropNowAsync(string schema, string table, string? column, CancellationToken cancellationToken)
        {
            string qualified = session.Dialect.QualifiedName(schema, table);
            await session.ExecuteAsync(column == null ? $"DROP TABLE {qualified}" : $"ALTER TABLE {qualified} DROP COLUMN {session.Dialect.QuoteIdentifier(column)}", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Soft deletes, restores and drops go to the migration history, under version 0.</summary>
        private Task HistoryAsync(DeprecatedObject item, HistoryAction action, string? detail, CancellationToken cancellationToken) =>
            HistoryWriter.WriteAsync(
                session,
                null,
                by => MigrationHistoryEntry.Now(item.MigrationVersion == null ? MigrationHistoryEntry.NoMigration : MigrationVersion.Parse(item.MigrationVersion), $"{item.Kind} {item.Schema}.{(item.Kind == DeprecatedKind.Table ? item.Name : item.Table + "." + item.Name)}", action, HistoryStatus.Succeeded, by) with { Error = detail },
                HistoryPolicy.Required,
                cancellationToken);

        private static RollbackToolsException NameTaken(DeprecatedObject item, string why) =>
            new RollbackToolsException(ErrorIds.NameTaken, FailureCategory.InvalidOperation, $"{item.DeprecatedName} cannot be renamed back to {item.Name}: {why}. Rename or drop that one first.", item);
    }
}
