using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Dialects
{
    /// <summary>MySQL and MariaDB: the SQL used here is understood by both.</summary>
    internal sealed class MySqlDialect : ISqlDialect
    {
        public string DisplayName => "MySQL/MariaDB";

        public StringComparison IdentifierComparison => StringComparison.OrdinalIgnoreCase;

        public int MaxIdentifierLength => 64;

        // DDL commits implicitly: a failed migration leaves what it already did.
        public bool SupportsTransactionalDdl => false;

        public bool SupportsSessionControl => true;

        public string ServerVersionSql => "SELECT CASE WHEN VERSION() LIKE '%MariaDB%' THEN CONCAT('MariaDB ', VERSION()) ELSE CONCAT('MySQL ', VERSION()) END";

        public string? CurrentUserSql => "SELECT CURRENT_USER()";

        public string? SessionIdSql => "SELECT CONNECTION_ID()";

        public string? AcquireLockSql => "SELECT GET_LOCK(CONCAT('rollbacktools:', @key), 31536000)";

        public string? TryAcquireLockSql => "SELECT GET_LOCK(CONCAT('rollbacktools:', @key), 0)";

        public string? ReleaseLockSql => "SELECT RELEASE_LOCK(CONCAT('rollbacktools:', @key))";

        public string BeginTransactionSql => "START TRANSACTION";

        public string TableExistsSql =>
            "SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(@schema, DATABASE()) AND table_name = @table";

        public string? DefaultSchemaSql => "SELECT DATABASE()";

        public string LargeTextType => "LONGTEXT";

        public string LastInsertIdSql => "SELECT LAST_INSERT_ID()";

        public string AutoIncrementKey => "BIGINT AUTO_INCREMENT PRIMARY KEY";

        public SplitterOptions SplitterOptions { get; } = new SplitterOptions(DollarQuotes: false, BackslashEscapes: true, BacktickQuotes: true, HashComments: true, DelimiterDirective: true, Bodies: CompoundBodies.Routines);

        public bool CanExist(string name) => !name.EndsWith(' ') && !name.Any(char.IsSurrogate);

        public bool FitsIdentifierLimit(string name) => name.Length <= MaxIdentifierLength;

        public string TypedParameter(string parameterName, string columnType) => parameterName;

        public string Literal(object? value) => SqlLiteral.Of(value, backslashEscapes: true);

        public string QuoteIdentifier(string name)
        {
            IdentifierRules.EnsureRepresentable(this, name);
            if (name.EndsWith(' '))
            {
                throw new RollbackToolsException(ErrorIds.InvalidIdentifier, FailureCategory.InvalidArgument, $"The name '{name}' cannot be used on {DisplayName}: names cannot end with a space.", name);
            }

            if (name.Any(char.IsSurrogate))
            {
                throw new RollbackToolsException(ErrorIds.InvalidIdentifier, FailureCategory.InvalidArgument, $"The name '{name}' cannot be used on {DisplayName}: characters outside the Basic Multilingual Plane are not allowed in names.", name);
            }

            return IdentifierRules.Quote(name, '`');
        }

        public string QualifiedName(string? schema, string name) => IdentifierRules.Qualify(this, schema, name);

        // utf8mb4 whatever the server's default: latin1 and 3-byte utf8 cannot hold every name and value.
        public string CreateDatabaseSql(string name) => "CREATE DATABASE " + QuoteIdentifier(name) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";

        public string CreateDatabaseLikeSql(string name, IReadOnlyList<string?> defaults) =>
            defaults is [string charset, string collation] && CatalogName.IsMatch(charset) && CatalogName.IsMatch(collation)
                ? $"CREATE DATABASE {QuoteIdentifier(name)} CHARACTER SET {charset} COLLATE {collation}"
                : CreateDatabaseSql(name);

        public string? DatabaseDefaultsSql => "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()";

        // Character set and collation names come from the server's catalog; anything else is not pasted into SQL.
        private static readonly System.Text.RegularExpressions.Regex CatalogName = new System.Text.RegularExpressions.Regex("^[A-Za-z0-9_]+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        public string DropDatabaseSql(string name) => "DROP DATABASE IF EXISTS " + QuoteIdentifier(name);

        public string CancelQuerySql(long sessionId) => "KILL QUERY " + sessionId.ToString(CultureInfo.InvariantCulture);

        public string TerminateSessionSql(long sessionId) => "KILL CONNECTION " + sessionId.ToString(CultureInfo.InvariantCulture);

        // InnoDB's INSERT ... SELECT reads the latest committed rows with locks, not the transaction's
        // snapshot; the verification reads the same way (lockRows), so both see the same rows.
        public IReadOnlyList<string> SessionTimeoutSql(TimeSpan? lockTimeout, TimeSpan? statementTimeout)
        {
            var sql = new List<string>();
            if (lockTimeout.HasValue)
            {
                // Whole seconds, at least one: metadata locks (ALTER TABLE) and InnoDB row locks have separate limits.
                string seconds = Math.Max(1, (long)Math.Ceiling(lockTimeout.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                sql.Add("SET SESSION lock_wait_timeout = " + seconds);
                sql.Add("SET SESSION innodb_lock_wait_timeout = " + seconds);
            }

            if (statementTimeout.HasValue)
            {
                // MariaDB's limit applies to every statement; MySQL's max_execution_time would cover SELECT only.
                sql.Add("SET SESSION max_statement_time = " + statementTimeout.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            }

            return sql;
        }

        public string DropIndexSql(string? schema, string table, string index) => $"DROP INDEX {QuoteIdentifier(index)} ON {QualifiedName(schema, table)}";

        public string RenameTableSql(string? schema, string from, string to) => $"RENAME TABLE {QualifiedName(schema, from)} TO {QualifiedName(schema, to)}";

        public string BeginSnapshotSql => "START TRANSACTION";

        // A snapshot is one session's: the source is checked in the copy's own transaction, after the copy.
        // InnoDB counts the rows an open transaction wrote: a copy's progress, seen from another session.
        public string? RowsWrittenSql => "SELECT COALESCE(MAX(trx_rows_modified), 0) FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = @session";

        public string? EstimatedRowsSql => "SELECT TABLE_ROWS FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = @table";

        public string? ExportSnapshotSql => null;

        public string ImportSnapshotSql(string snapshotId) => throw new NotSupportedException("This server cannot share a snapshot between sessions.");

        public string ColumnsSql =>
            "SELECT c.column_name, c.column_type, CASE WHEN c.is_nullable = 'NO' THEN 1 ELSE 0 END, COALESCE(k.ordinal_position, 0) " +
            "FROM information_schema.columns c LEFT JOIN information_schema.key_column_usage k " +
            "ON k.table_schema = c.table_schema AND k.table_name = c.table_name AND k.column_name = c.column_name AND k.constraint_name = 'PRIMARY' " +
            "WHERE c.table_schema = COALESCE(@schema, DATABASE()) AND c.table_name = @table ORDER BY c.ordinal_position";

        public string TableChecksumSql(string? schema, string table, IReadOnlyList<BackupColumn> columns, string? where = null, bool lockRows = false)
        {
            // QUOTE(NULL) is the bare word NULL while QUOTE('NULL') is quoted, so NULLs are counted apart.
            return $"SELECT {ChecksumSelectList(columns)} FROM {QualifiedName(schema, table)}{IdentifierRules.Where(where)}{(lockRows ? " LOCK IN SHARE MODE" : "")}";
        }

        public string ChecksumSelectList(IReadOnlyList<BackupColumn> columns, string? alias = null) =>
            $"COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS(',', {string.Join(", ", columns.Select(c => "QUOTE(" + ExactValue(c, IdentifierRules.Column(this, alias, c.Name)) + ")"))}))), 0)";

        /// <summary>
        /// FLOAT prints with six significant digits (1046.2857 and 1046.2859 both as 1046.29); as a DOUBLE it
        /// prints every digit the stored value has. DOUBLE, DECIMAL, fractional times, BIT and binary print exactly.
        /// </summary>
        private static string ExactValue(BackupColumn column, string expression) =>
            column.Type.StartsWith("float", StringComparison.OrdinalIgnoreCase) ? $"({expression} + 0E0)" : expression;

        public string UpdateFromSql(string? targetSchema, string targetTable, string? sourceSchema, string sourceTable, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
        {
            string set = string.Join(", ", columns.Select(c => $"t.{QuoteIdentifier(c)} = b.{QuoteIdentifier(c)}"));
            return $"UPDATE {QualifiedName(targetSchema, targetTable)} AS t JOIN {QualifiedName(sourceSchema, sourceTable)} AS b ON {IdentifierRules.KeysMatch(this, "t", "b", keyColumns)} SET {set}";
        }

        public string RowsDifferSql(string left, string right, IReadOnlyList<string> columns) =>
            "NOT (" + string.Join(" AND ", columns.Select(c => $"{left}.{QuoteIdentifier(c)} <=> {right}.{QuoteIdentifier(c)}")) + ")";

        public string UpsertSql(string? targetSchema, string targetTable, string? sourceSchema, string sourceTable, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
        {
            string columnList = string.Join(", ", columns.Select(QuoteIdentifier));
            string[] updated = columns.Except(keyColumns).Select(QuoteIdentifier).ToArray();

            // Updating a key to itself is the portable no-op when every column is part of the key.
            IEnumerable<string> set = updated.Length == 0
                ? new[] { QuoteIdentifier(keyColumns[0]) + " = " + QuoteIdentifier(keyColumns[0]) }
                : updated.Select(c => $"{c} = VALUES({c})");
            return $"INSERT INTO {QualifiedName(targetSchema, targetTable)} ({columnList}) SELECT {columnList} FROM {QualifiedName(sourceSchema, sourceTable)} ON DUPLICATE KEY UPDATE {string.Join(", ", set)}";
        }
    }
}
