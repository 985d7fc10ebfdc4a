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

        public string AutoIncrementKey => "BIGINT AUTO_INCREMENT PRIMARY KEY";

        public SplitterOptions SplitterOptions { get; } = new SplitterOptions(DollarQuotes: false, BackslashEscapes: true, BacktickQuotes: true, HashComments: true, DelimiterDirective: true, TriggerBodies: false);

        public bool FitsIdentifierLimit(string name) => name.Length <= MaxIdentifierLength;

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

        public string DropDatabaseSql(string name) => "DROP DATABASE IF EXISTS " + QuoteIdentifier(name);

        public string CancelQuerySql(long sessionId) => "KILL QUERY " + sessionId.ToString(CultureInfo.InvariantCulture);

        public string TerminateSessionSql(long sessionId) => "KILL CONNECTION " + sessionId.ToString(CultureInfo.InvariantCulture);

        public string TableChecksumSql(string? schema, string table, IReadOnlyList<string> columns)
        {
            // QUOTE(NULL) is the bare word NULL while QUOTE('NULL') is quoted, so NULLs are counted apart.
            string row = "CONCAT_WS(',', " + string.Join(", ", columns.Select(c => "QUOTE(" + QuoteIdentifier(c) + ")")) + ")";
            return $"SELECT COUNT(*), COALESCE(SUM(CRC32({row})), 0) FROM {QualifiedName(schema, table)}";
        }

        public string UpsertSql(string? schema, string targetTable, string sourceTable, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
        {
            string columnList = string.Join(", ", columns.Select(QuoteIdentifier));
            string[] updated = columns.Except(keyColumns).Select(QuoteIdentifier).ToArray();

            // Updating a key to itself is the portable no-op when every column is part of the key.
            IEnumerable<string> set = updated.Length == 0
                ? new[] { QuoteIdentifier(keyColumns[0]) + " = " + QuoteIdentifier(keyColumns[0]) }
                : updated.Select(c => $"{c} = VALUES({c})");
            return $"INSERT INTO {QualifiedName(schema, targetTable)} ({columnList}) SELECT {columnList} FROM {QualifiedName(schema, sourceTable)} ON DUPLICATE KEY UPDATE {string.Join(", ", set)}";
        }
    }
}
