using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Dialects;
using RollbackTools.Engine.Storage;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// The journal in the target database: one row per applied migration, holding its down script so
    /// undo works after the deploy folder has moved on, and an append-only history of everything done.
    /// Times are stored as ISO 8601 UTC text, which sorts and reads the same on every database.
    /// </summary>
    internal sealed class MigrationJournal
    {
        public const string DefaultTable = "rollbacktools_migrations";
        private const string Columns = "version, name, checksum, down_script, down_in_transaction, state, statements_done, applied_at, applied_by, duration_ms, error, up_script";

        // Null for a journal that only builds its commands, as the SQL plan writes them out.
        private readonly DatabaseSession? connected;
        private readonly ISqlDialect dialect;
        private readonly string table;
        private readonly string history;
        private readonly string snapshots;

        public MigrationJournal(DatabaseSession session, string? tableName)
            : this(session.Dialect, tableName)
        {
            connected = session;
        }

        private MigrationJournal(ISqlDialect dialect, string? tableName)
        {
            this.dialect = dialect;
            TableName = NameOf(tableName);
            table = dialect.QuoteIdentifier(TableName);
            history = dialect.QuoteIdentifier(HistoryTableName);
            snapshots = dialect.QuoteIdentifier(TableName + "_snapshots");
        }

        public string TableName { get; }

        /// <summary>A journal that writes nothing: it only builds the commands a run would send.</summary>
        public static MigrationJournal CommandsOnly(ISqlDialect dialect, string? tableName) => new MigrationJournal(dialect, tableName);

        private DatabaseSession Session => connected ?? throw new InvalidOperationException("This journal only builds commands; it has no connection.");

        public static string NameOf(string? tableName) => string.IsNullOrWhiteSpace(tableName) ? DefaultTable : tableName;

        public string HistoryTableName => TableName + "_history";

        public Task<bool> ExistsAsync(CancellationToken cancellationToken) => Session.TableExistsAsync(null, TableName, cancellationToken);

        public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
        {
            foreach (string sql in CreateTablesSql())
            {
                await Session.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
            }

            string text = dialect.LargeTextType;
            await AddMissingColumnsAsync(table, new[] { ("up_script", $"{text} NULL") }, cancellationToken).ConfigureAwait(false);
            await AddMissingColumnsAsync(history, new[] { ("failed_statement", $"{text} NULL"), ("run_id", "VARCHAR(40) NULL"), ("error_code", "VARCHAR(20) NULL") }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The journal, its history and its snapshots as this release creates them where they are missing.</summary>
        public IReadOnlyList<string> CreateTablesSql()
        {
            string text = dialect.LargeTextType;
            return new[]
            {
                $"CREATE TABLE IF NOT EXISTS {table} (version VARCHAR(100) NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, checksum CHAR(64) NOT NULL, down_script {text} NULL, down_in_transaction SMALLINT NOT NULL, state VARCHAR(20) NOT NULL, statements_done INTEGER NOT NULL, applied_at VARCHAR(40) NOT NULL, applied_by VARCHAR(255) NOT NULL, duration_ms BIGINT NOT NULL, error {text} NULL, up_script {text} NULL)",
                $"CREATE TABLE IF NOT EXISTS {history} (id {dialect.AutoIncrementKey}, version VARCHAR(100) NOT NULL, name VARCHAR(255) NOT NULL, action VARCHAR(20) NOT NULL, status VARCHAR(20) NOT NULL, at VARCHAR(40) NOT NULL, performed_by VARCHAR(255) NOT NULL, duration_ms BIGINT NOT NULL, statements_done INTEGER NOT NULL, checksum CHAR(64) NULL, error {text} NULL, failed_statement {text} NULL, run_id VARCHAR(40) NULL, error_code VARCHAR(20) NULL)",
                $"CREATE TABLE IF NOT EXISTS {snapshots} (version VARCHAR(100) NOT NULL PRIMARY KEY, taken_at VARCHAR(40) NOT NULL, snapshot {text} NOT NULL)",
            };
        }

        /// <summary>
        /// Journals written by an earlier release lack the newer columns; they are added in place, under the run
        /// lock, so the rows already there keep their history. Reads never need this: they take columns by name.
        /// </summary>
        private async Task AddMissingColumnsAsync(string quotedTable, (string Name, string Type)[] columns, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> present = await Session.ColumnNamesAsync(quotedTable, cancellationToken).ConfigureAwait(false);
            foreach ((string name, string type) in columns)
            {
                if (!present.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    await Session.ExecuteAsync($"ALTER TABLE {quotedTable} ADD COLUMN {dialect.QuoteIdentifier(name)} {type}", cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// The journal of a database as a reader sees it: empty when the database or its journal does not exist,
        /// and nothing created to find out (a SQLite file that is not there stays not there).
        /// </summary>
        public static async Task<IReadOnlyList<JournalEntry>> ReadExistingAsync(DatabaseTarget target, string? tableName, IEngineLog log, CancellationToken cancellationToken)
        {
            if (target.IsAbsent)
            {
                return Array.Empty<JournalEntry>();
            }

            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await new MigrationJournal(session, tableName).ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Every journal row, oldest version first; empty when the journal was never created.</summary>
        public async Task<IReadOnlyList<JournalEntry>> ReadAsync(CancellationToken cancellationToken)
        {
            if (!await ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                return Array.Empty<JournalEntry>();
            }

            var rows = new List<JournalEntry>(await Session.QueryAsync($"SELECT * FROM {table}", ReadEntry, cancellationToken).ConfigureAwait(false));
            rows.Sort((a, b) => a.Version.CompareTo(b.Version));
            return rows;
        }

        /// <summary>The row for one version, or null.</summary>
        public async Task<JournalEntry?> FindAsync(MigrationVersion version, CancellationToken cancellationToken)
        {
            IReadOnlyList<JournalEntry> rows = await Session.QueryAsync($"SELECT * FROM {table} WHERE version = @version", ReadEntry, new (string, object?)[]
            {
                ("@version", version.Text),
            }, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0];
        }

        /// <summary>
        /// Writes the row for a migration, replacing an earlier one for the same version. Update first,
        /// insert only when there was none: each statement is atomic on its own, so a process killed between
        /// them (MySQL runs this outside a transaction) never leaves the version without its row.
        /// </summary>
        public async Task RecordAsync(JournalEntry entry, CancellationToken cancellationToken)
        {
            if (await UpdateAsync(entry, cancellationToken).ConfigureAwait(false) == 0 && await FindAsync(entry.Version, cancellationToken).ConfigureAwait(false) == null)
            {
                await InsertAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Adds the row of a version known to have none: one round trip instead of RecordAsync's three.</summary>
        public Task InsertAsync(JournalEntry entry, CancellationToken cancellationToken) => ExecuteAsync(InsertCommand(entry), cancellationToken);

        /// <summary>The insert of <see cref="InsertAsync"/>, to send in a batch with the migration it records.</summary>
        public BatchedCommand InsertCommand(JournalEntry entry) =>
            new BatchedCommand($"INSERT INTO {table} ({Columns}) VALUES (@version, @name, @checksum, @down, @downTx, @state, @done, @at, @by, @ms, @error, @up)", Values(entry));

        private Task<int> ExecuteAsync(BatchedCommand command, CancellationToken cancellationToken) => Session.ExecuteAsync(command.Sql, command.Parameters, cancellationToken);

        private Task<int> UpdateAsync(JournalEntry entry, CancellationToken cancellationToken) => ExecuteAsync(UpdateCommand(entry), cancellationToken);

        /// <summary>The update RecordAsync tries first, replacing the row of a version that has one.</summary>
        public BatchedCommand UpdateCommand(JournalEntry entry) =>
            new BatchedCommand(
                $"UPDATE {table} SET name = @name, checksum = @checksum, down_script = @down, down_in_transaction = @downTx, state = @state, statements_done = @done, applied_at = @at, applied_by = @by, duration_ms = @ms, error = @error, up_script = @up WHERE version = @version",
                Values(entry));

        /// <summary>Counts completed statements of a migration running outside a transaction, so a crash leaves the count behind.</summary>
        public Task UpdateProgressAsync(MigrationVersion version, int statementsDone, CancellationToken cancellationToken) =>
            ExecuteAsync(ProgressCommand(version, statementsDone), cancellationToken);

        public BatchedCommand ProgressCommand(MigrationVersion version, int statementsDone) =>
            new BatchedCommand($"UPDATE {table} SET statements_done = @done WHERE version = @version", new (string, object?)[]
            {
                ("@done", statementsDone),
                ("@version", version.Text),
            });

        private static (string Name, object? Value)[] Values(JournalEntry entry) =>
            new (string Name, object? Value)[]
            {
                ("@version", entry.Version.Text),
                ("@name", entry.Name),
                ("@checksum", entry.Checksum),
                ("@down", entry.DownScript),
                ("@downTx", (short)(entry.DownInTransaction ? 1 : 0)),
                ("@state", entry.State),
                ("@done", entry.StatementsDone),
                ("@at", StoredTime.Format(entry.AppliedAt)),
                ("@by", entry.AppliedBy),
                ("@ms", (long)entry.Duration.TotalMilliseconds),
                ("@error", entry.Error),
                ("@up", entry.UpScript),
            };

        public Task RemoveAsync(MigrationVersion version, CancellationToken cancellationToken) => ExecuteAsync(RemoveCommand(version), cancellationToken);

        public BatchedCommand RemoveCommand(MigrationVersion version) =>
            new BatchedCommand($"DELETE FROM {table} WHERE version = @version", new (string, object?)[] { ("@version", version.Text) });

        /// <summary>Keeps the schema as it was before a migration, for Undo-Migration -Verify to compare with.</summary>
        public async Task SaveSnapshotAsync(MigrationVersion version, SchemaSnapshot snapshot, CancellationToken cancellationToken)
        {
            await Session.ExecuteAsync($"DELETE FROM {snapshots} WHERE version = @version", new (string, object?)[]
            {
                ("@version", version.Text),
            }, cancellationToken).ConfigureAwait(false);
            await Session.ExecuteAsync(
                $"INSERT INTO {snapshots} (version, taken_at, snapshot) VALUES (@version, @at, @snapshot)",
                new (string, object?)[]
                {
                    ("@version", version.Text),
                    ("@at", StoredTime.Format(snapshot.TakenAt)),
                    ("@snapshot", snapshot.ToJson()),
                }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<SchemaSnapshot?> ReadSnapshotAsync(MigrationVersion version, CancellationToken cancellationToken)
        {
            object? json = await Session.ScalarAsync($"SELECT snapshot FROM {snapshots} WHERE version = @version", new (string, object?)[]
            {
                ("@version", version.Text),
            }, cancellationToken).ConfigureAwait(false);
            return json is string text ? SchemaSnapshot.FromJson(text) : null;
        }

        /// <summary>
        /// Appends a history row. The newer columns are named only when they hold a value, so writers that
        /// never create the journal (the audit trail of restores and stopped sessions) work on older journals.
        /// </summary>
        public Task AppendHistoryAsync(MigrationHistoryEntry entry, CancellationToken cancellationToken) => ExecuteAsync(HistoryCommand(entry), cancellationToken);

        /// <summary>The insert of <see cref="AppendHistoryAsync"/>, to send in a batch.</summary>
        public BatchedCommand HistoryCommand(MigrationHistoryEntry entry)
        {
            var values = new List<(string Name, object? Value)>
            {
                ("@version", entry.Version),
                ("@name", entry.Name),
                ("@action", entry.Action.ToString()),
                ("@status", entry.Status.ToString()),
                ("@at", StoredTime.Format(entry.At)),
                ("@by", entry.By),
                ("@ms", (long)entry.Duration.TotalMilliseconds),
                ("@done", entry.StatementsDone),
                ("@checksum", entry.Checksum),
                ("@error", entry.Error),
            };
            var columns = new List<string> { "version", "name", "action", "status", "at", "performed_by", "duration_ms", "statements_done", "checksum", "error" };
            if (entry.FailedStatement != null)
            {
                columns.Add("failed_statement");
                values.Add(("@statement", entry.FailedStatement));
            }

            if (entry.RunId != null)
            {
                columns.Add("run_id");
                values.Add(("@run", entry.RunId));
            }

            if (entry.ErrorCode != null)
            {
                columns.Add("error_code");
                values.Add(("@code", entry.ErrorCode));
            }

            return new BatchedCommand($"INSERT INTO {history} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", values.Select(v => v.Name))})", values.ToArray());
        }

        /// <summary>The history, oldest first, optionally only since a moment.</summary>
        public async Task<IReadOnlyList<MigrationHistoryEntry>> ReadHistoryAsync(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            if (!await ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                return Array.Empty<MigrationHistoryEntry>();
            }

            return await Session.QueryAsync(
                $"SELECT * FROM {history} WHERE at >= @since ORDER BY id",
                r => new MigrationHistoryEntry(
                    MigrationVersion.Parse(r.GetString(r.GetOrdinal("version"))),
                    r.GetString(r.GetOrdinal("name")),
                    Enum.TryParse(r.GetString(r.GetOrdinal("action")), out HistoryAction action) ? action : HistoryAction.Unknown,
                    Enum.TryParse(r.GetString(r.GetOrdinal("status")), out HistoryStatus status) ? status : HistoryStatus.Unknown,
                    StoredTime.Parse(r.GetString(r.GetOrdinal("at"))),
                    r.GetString(r.GetOrdinal("performed_by")),
                    TimeSpan.FromMilliseconds(Convert.ToInt64(r.GetValue(r.GetOrdinal("duration_ms")), CultureInfo.InvariantCulture)),
                    Convert.ToInt32(r.GetValue(r.GetOrdinal("statements_done")), CultureInfo.InvariantCulture),
                    OptionalText(r, "checksum"),
                    OptionalText(r, "error"))
                {
                    FailedStatement = OptionalText(r, "failed_statement"),
                    RunId = OptionalText(r, "run_id"),
                    ErrorCode = OptionalText(r, "error_code"),
                },
                new (string, object?)[] { ("@since", StoredTime.Format(since ?? DateTimeOffset.MinValue)) }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A text column by name, null when its value is NULL or an older journal has no such column.</summary>
        private static string? OptionalText(DbDataReader reader, string column)
        {
            for (int i = 0; i < reader.FieldCount; i++)
            {
                if (string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase))
                {
                    return reader.IsDBNull(i) ? null : reader.GetString(i);
                }
            }

            return null;
        }

        private static JournalEntry ReadEntry(DbDataReader r) => new JournalEntry(
            MigrationVersion.Parse(r.GetString(0)),
            r.GetString(1),
            r.GetString(2),
            r.IsDBNull(3) ? null : r.GetString(3),
            Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture) != 0,
            r.GetString(5),
            Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture),
            StoredTime.Parse(r.GetString(7)),
            r.GetString(8),
            TimeSpan.FromMilliseconds(Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture)),
            r.IsDBNull(10) ? null : r.GetString(10))
        {
            UpScript = OptionalText(r, "up_script"),
        };
    }
}
