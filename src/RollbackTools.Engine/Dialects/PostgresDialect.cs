using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RollbackTools.Engine.Dialects
{
    internal sealed class PostgresDialect : ISqlDialect
    {
        public string DisplayName => "PostgreSQL";

        // NAMEDATALEN - 1, counted in bytes: longer names are silently truncated by the server.
        public int MaxIdentifierLength => 63;

        public bool SupportsTransactionalDdl => true;

        public bool SupportsSessionControl => true;

        public string ServerVersionSql => "SELECT 'PostgreSQL ' || current_setting('server_version')";

        public string? CurrentUserSql => "SELECT current_user";

        public string? SessionIdSql => "SELECT pg_backend_pid()";

        public string? AcquireLockSql => "SELECT pg_advisory_lock(@key)";

        public string? TryAcquireLockSql => "SELECT pg_try_advisory_lock(@key)";

        public string? ReleaseLockSql => "SELECT pg_advisory_unlock(@key)";

        public string TableExistsSql =>
            "SELECT 1 FROM information_schema.tables WHERE table_schema = coalesce(CAST(@schema AS text), current_schema()) AND table_name = @table";

        public string? DefaultSchemaSql => "SELECT current_schema()";

        public bool FitsIdentifierLimit(string name) => IdentifierRules.Utf8Length(name) <= MaxIdentifierLength;

        public string QuoteIdentifier(string name)
        {
            IdentifierRules.EnsureRepresentable(this, name);
            return IdentifierRules.Quote(name, '"');
        }

        public string QualifiedName(string? schema, string name) => IdentifierRules.Qualify(this, schema, name);

        public string CreateDatabaseSql(string name) => "CREATE DATABASE " + QuoteIdentifier(name);

        public string DropDatabaseSql(string name) => "DROP DATABASE IF EXISTS " + QuoteIdentifier(name) + " WITH (FORCE)";

        public string CancelQuerySql(long sessionId) => "SELECT pg_cancel_backend(" + sessionId.ToString(CultureInfo.InvariantCulture) + ")";

        public string TerminateSessionSql(long sessionId) => "SELECT pg_terminate_backend(" + sessionId.ToString(CultureInfo.InvariantCulture) + ")";

        public string TableChecksumSql(string? schema, string table, IReadOnlyList<string> columns)
        {
            // ROW(...)::text writes NULL as an empty field and '' as "", so NULL and empty differ.
            string row = "ROW(" + string.Join(", ", columns.Select(QuoteIdentifier)) + ")::text";
            return $"SELECT count(*), coalesce(sum(hashtextextended({row}, 0)::numeric), 0) FROM {QualifiedName(schema, table)}";
        }

        public string UpsertSql(string? schema, string targetTable, string sourceTable, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
        {
            string columnList = string.Join(", ", columns.Select(QuoteIdentifier));
            string keys = string.Join(", ", keyColumns.Select(QuoteIdentifier));
            string[] updated = columns.Except(keyColumns).Select(QuoteIdentifier).ToArray();
            string insert = $"INSERT INTO {QualifiedName(schema, targetTable)} AS t ({columnList}) SELECT {columnList} FROM {QualifiedName(schema, sourceTable)} ON CONFLICT ({keys})";
            if (updated.Length == 0)
            {
                return insert + " DO NOTHING";
            }

            // Writing only rows that differ halves the time when most rows are unchanged.
            string set = string.Join(", ", updated.Select(c => $"{c} = EXCLUDED.{c}"));
            string current = string.Join(", ", updated.Select(c => "t." + c));
            string incoming = string.Join(", ", updated.Select(c => "EXCLUDED." + c));
            return $"{insert} DO UPDATE SET {set} WHERE ROW({current}) IS DISTINCT FROM ROW({incoming})";
        }
    }
}
