using System;
using System.Collections.Generic;
using System.Linq;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Dialects
{
    internal sealed class SqliteDialect : ISqlDialect
    {
        /// <summary>Registered on every connection by the SQLite provider: SQLite has no hash function of its own.</summary>
        public const string HashFunctionName = "rollbacktools_hash";

        public string DisplayName => "SQLite";

        // SQLite itself sets no limit; this keeps generated names readable and portable.
        public StringComparison IdentifierComparison => StringComparison.OrdinalIgnoreCase;

        public int MaxIdentifierLength => 1024;

        public bool SupportsTransactionalDdl => true;

        public bool SupportsSessionControl => false;

        public string ServerVersionSql => "SELECT 'SQLite ' || sqlite_version()";

        public string? CurrentUserSql => null;

        public string? SessionIdSql => null;

        // SQLite serialises writers on the file itself (BEGIN IMMEDIATE): no application lock is needed.
        public string? AcquireLockSql => null;

        public string? TryAcquireLockSql => null;

        public string? ReleaseLockSql => null;

        public string BeginTransactionSql => "BEGIN IMMEDIATE";

        public string TableExistsSql =>
            "SELECT 1 FROM pragma_table_list WHERE schema = coalesce(@schema, 'main') AND name = @table AND type = 'table'";

        public string? DefaultSchemaSql => "SELECT 'main'";

        public string LargeTextType => "TEXT";

        public string LastInsertIdSql => "SELECT last_insert_rowid()";

        public string AutoIncrementKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

        public SplitterOptions SplitterOptions { get; } = new SplitterOptions(DollarQuotes: false, BackslashEscapes: false, BacktickQuotes: false, HashComments: false, DelimiterDirective: false, Bodies: CompoundBodies.Triggers);

        public bool CanExist(string name) => true;

        public bool FitsIdentifierLimit(string name) => name.Length <= MaxIdentifierLength;

        public string TypedParameter(string parameterName, string columnType) => parameterName;

        public string Literal(object? value) => SqlLiteral.Of(value, backslashEscapes: false);

        public string QuoteIdentifier(string name)
        {
            IdentifierRules.EnsureRepresentable(this, name);
            return IdentifierRules.Quote(name, '"');
        }

        public string QualifiedName(string? schema, string name) => IdentifierRules.Qualify(this, schema, name);

        public string CreateDatabaseSql(string name) => throw NoServer();


        public string CreateDatabaseLikeSql(string name, IReadOnlyList<string?> defaults) => CreateDatabaseSql(name);


        public string? DatabaseDefaultsSql => null;

        public string DropDatabaseSql(string name) => throw NoServer();

        public string CancelQuerySql(long sessionId) => throw NoSessions();

        public string TerminateSessionSql(long sessionId) => throw NoSessions();

        // The write lock at once: the copy writes anyway, and a later upgrade could deadlock with another writer.
        // A file has no lock queue behind a waiting writer: -LockWait bounds the wait for its write lock.
        public IReadOnlyList<string> SessionTimeoutSql(TimeSpan? lockTimeout, TimeSpan? statementTimeout) => Array.Empty<string>();

        public string DropIndexSql(string? schema, string table, string index) => $"DROP INDEX {QualifiedName(schema, index)}";

        public string RenameTableSql(string? schema, string from, string to) => $"ALTER TABLE {QualifiedName(schema, from)} RENAME TO {QuoteIdentifier(to)}";

        public string BeginSnapshotSql => "BEGIN IMMEDIATE";

        // A snapshot is one session's: the source is checked in the copy's own transaction, after the copy.
        // The server does not tell how far a running CREATE TABLE ... AS SELECT or INSERT ... SELECT has got.
        public string? RowsWrittenSql => null;

        public string? EstimatedRowsSql => null;

        public string? ExportSnapshotSql => null;

        public string ImportSnapshotSql(string snapshotId) => throw new NotSupportedException("This server cannot share a snapshot between sessions.");

        public string ColumnsSql =>
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@table, coalesce(@schema, 'main')) ORDER BY cid";

        public string TableChecksumSql(string? schema, string table, IReadOnlyList<BackupColumn> columns, string? where = null, bool lockRows = false)
        {
            // quote() renders NULL as the bare word NULL and text in quotes, so NULL and 'NULL' differ.
            return $"SELECT {ChecksumSelectList(columns)} FROM {QualifiedName(schema, table)}{IdentifierRules.Where(where)}";
        }

        // quote() writes a REAL with as many digits as it takes to read back the same value, and BLOBs as hex.
        public string ChecksumSelectList(IReadOnlyList<BackupColumn> columns, string? alias = null) =>
            $"count(*), coalesce(sum({HashFunctionName}({string.Join(" || ',' || ", columns.Select(c => "quote(" + IdentifierRules.Column(this, alias, c.Name) + ")"))})), 0)";

        public string UpdateFromSql(string? targetSchema, string targetTable, string? sourceSchema, string sourceTable, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
        {
            // SQLite's UPDATE ... FROM cannot alias the target, so the target is named by its own name.
            string target = QualifiedName(targetSchema, targetTable);
            string set = string.Join(", ", columns.Select(c => $"{QuoteIdentifier(c)} = b.{QuoteIdentifier(c)}"));
            return $"UPDATE {target} SET {set} FROM {QualifiedName(sourceSchema, sourceTable)} AS b WHERE {IdentifierRules.KeysMatch(this, target, "b", keyColumns)}";
        }

        public string RowsDifferSql(string left, string right, IReadOnlyList<string> columns) =>
            "(" + string.Join(" OR ", columns.Select(c => $"{left}.{QuoteIdentifier(c)} IS NOT {right}.{QuoteIdentifier(c)}")) + ")";

        public string UpsertSql(string? targetSchema, string targetTable, string? sourceSchema, string sourceTable, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
        {
            string columnList = string.Join(", ", columns.Select(QuoteIdentifier));
            string keys = string.Join(", ", keyColumns.Select(QuoteIdentifier));
            string[] updated = columns.Except(keyColumns).Select(QuoteIdentifier).ToArray();

            // "WHERE true" resolves the parser's ambiguity between a join's ON and the upsert's ON CONFLICT.
            string insert = $"INSERT INTO {QualifiedName(targetSchema, targetTable)} ({columnList}) SELECT {columnList} FROM {QualifiedName(sourceSchema, sourceTable)} WHERE true ON CONFLICT ({keys})";
            if (updated.Length == 0)
            {
                return insert + " DO NOTHING";
            }

            string target = QuoteIdentifier(targetTable);
            string set = string.Join(", ", updated.Select(c => $"{c} = excluded.{c}"));
            string current = string.Join(", ", updated.Select(c => target + "." + c));
            string incoming = string.Join(", ", updated.Select(c => "excluded." + c));
            return $"{insert} DO UPDATE SET {set} WHERE ({current}) IS NOT ({incoming})";
        }

        private static RollbackToolsException NoServer() =>
            new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.NotImplemented, "An SQLite database is a file: create or delete the file instead.");

        private static RollbackToolsException NoSessions() =>
            new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.NotImplemented, "SQLite has no server sessions: there is no query of another session to cancel.");
    }
}
