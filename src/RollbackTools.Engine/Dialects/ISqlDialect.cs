using System;
using System.Collections.Generic;

namespace RollbackTools.Engine.Dialects
{
    /// <summary>
    /// Everything that differs between databases in the SQL we write. Code outside the dialects
    /// never asks which database it talks to; it asks the dialect.
    /// Values always travel as parameters (@name works on all three drivers); only identifiers,
    /// quoted here, and integers we produced ourselves are ever put into SQL text.
    /// </summary>
    internal interface ISqlDialect
    {
        /// <summary>PostgreSQL, MariaDB/MySQL or SQLite, for messages.</summary>
        string DisplayName { get; }

        /// <summary>How the server compares database names: case-sensitive on PostgreSQL, not on MySQL/MariaDB's default.</summary>
        StringComparison IdentifierComparison { get; }

        /// <summary>The longest identifier the server keeps, in the server's unit (bytes on PostgreSQL).</summary>
        int MaxIdentifierLength { get; }

        /// <summary>Whether CREATE/ALTER/DROP take part in a transaction and roll back with it.</summary>
        bool SupportsTransactionalDdl { get; }

        /// <summary>Whether the server has sessions another session can cancel.</summary>
        bool SupportsSessionControl { get; }

        /// <summary>Whether <paramref name="name"/> fits the server's identifier limit.</summary>
        bool FitsIdentifierLimit(string name);

        /// <summary>
        /// Whether an object of this name could exist at all: a name the server cannot store (MySQL: no
        /// character outside the BMP, no trailing space) is certainly not there, and must not reach a catalog
        /// query, where it fails as a collation error instead.
        /// </summary>
        bool CanExist(string name);

        /// <summary>Quotes one identifier; throws InvalidIdentifier when it cannot be represented.</summary>
        string QuoteIdentifier(string name);

        /// <summary>A parameter written into a column of <paramref name="columnType"/>: PostgreSQL casts it, so values read as text (JSON, ranges) land typed; the others convert on their own.</summary>
        string TypedParameter(string parameterName, string columnType);

        /// <summary>A value as a literal in SQL text, for the SQL plan only; everything the module runs passes values as parameters.</summary>
        string Literal(object? value);

        /// <summary>schema.name quoted, or the bare name when there is no schema.</summary>
        string QualifiedName(string? schema, string name);

        string ServerVersionSql { get; }

        /// <summary>SQL returning the connected user, or null where the database has no users.</summary>
        string? CurrentUserSql { get; }

        /// <summary>SQL returning this session's server id, or null where there are no sessions.</summary>
        string? SessionIdSql { get; }

        /// <summary>SQL with @key (a 64-bit integer) that waits for an exclusive application lock; null when the database locks the file instead.</summary>
        string? AcquireLockSql { get; }

        /// <summary>Like <see cref="AcquireLockSql"/> but returns at once: true or 1 when the lock was taken.</summary>
        string? TryAcquireLockSql { get; }

        string? ReleaseLockSql { get; }

        /// <summary>Starts a transaction; on SQLite it takes the write lock at once, so two runners queue here.</summary>
        string BeginTransactionSql { get; }

        /// <summary>Cancels the statement running in session @id.</summary>
        string CancelQuerySql(long sessionId);

        /// <summary>Ends session @id.</summary>
        string TerminateSessionSql(long sessionId);

        /// <summary>
        /// Returns one row: the row count and an order-independent, NULL-safe checksum over
        /// <paramref name="columns"/> of every row of <paramref name="table"/>.
        /// </summary>
        /// <remarks>
        /// <paramref name="where"/> limits the rows (it may name the table by its qualified name).
        /// <paramref name="lockRows"/> reads the latest committed rows and locks them where the database's
        /// plain reads would see an older snapshot than a preceding INSERT ... SELECT saw (InnoDB).
        /// </remarks>
        string TableChecksumSql(string? schema, string table, IReadOnlyList<BackupColumn> columns, string? where = null, bool lockRows = false);

        /// <summary>
        /// The select list of <see cref="TableChecksumSql"/> (row count, checksum), the columns qualified by
        /// <paramref name="alias"/> for checksums over a join. Every value is rendered exactly: the column types
        /// say where the database's own text form would round (MySQL's FLOAT).
        /// </summary>
        string ChecksumSelectList(IReadOnlyList<BackupColumn> columns, string? alias = null);

        /// <summary>
        /// Writes every row of <paramref name="sourceTable"/> into <paramref name="targetTable"/>, inserting
        /// missing keys and updating only rows whose values differ.
        /// </summary>
        string UpsertSql(string? targetSchema, string targetTable, string? sourceSchema, string sourceTable, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns);

        /// <summary>Sets <paramref name="columns"/> of the target from the source row with the same key.</summary>
        string UpdateFromSql(string? targetSchema, string targetTable, string? sourceSchema, string sourceTable, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns);

        /// <summary>A predicate true when <paramref name="columns"/> differ between two row references, NULL-safe.</summary>
        string RowsDifferSql(string left, string right, IReadOnlyList<string> columns);

        /// <summary>
        /// SQL with @schema and @table returning one row per column in table order: name, declared type as it
        /// would be written in ALTER TABLE ADD COLUMN, 1 when NOT NULL, and its position in the primary key (0 if none).
        /// </summary>
        string ColumnsSql { get; }

        /// <summary>Statements that bound, for this session only, how long a statement waits for locks and how long it runs.</summary>
        IReadOnlyList<string> SessionTimeoutSql(TimeSpan? lockTimeout, TimeSpan? statementTimeout);

        /// <summary>Drops an index (MySQL/MariaDB name its table too).</summary>
        string DropIndexSql(string? schema, string table, string index);

        /// <summary>Renames a table within its schema.</summary>
        string RenameTableSql(string? schema, string from, string to);

        /// <summary>Starts the transaction a backup is copied and verified in: one consistent view of the source.</summary>
        string BeginSnapshotSql { get; }

        /// <summary>
        /// SQL, run first in a <see cref="BeginSnapshotSql"/> transaction, returning an id another session adopts that
        /// snapshot with; null where a server cannot share a snapshot between sessions.
        /// </summary>
        string? ExportSnapshotSql { get; }

        /// <summary>Run first in a <see cref="BeginSnapshotSql"/> transaction: from then on it sees the exported snapshot.</summary>
        string ImportSnapshotSql(string snapshotId);

        /// <summary>SQL with @session returning how many rows that session's open transaction has written so far (a copy's progress); null where the server does not tell.</summary>
        string? RowsWrittenSql { get; }

        /// <summary>SQL with @table returning the server's estimate of the table's rows in the current schema; null where there is none worth showing.</summary>
        string? EstimatedRowsSql { get; }

        /// <summary>SQL with @schema and @table returning a row when the table exists.</summary>
        string TableExistsSql { get; }

        /// <summary>The column type for scripts and error texts of any length.</summary>
        string LargeTextType { get; }

        /// <summary>SQL returning the key the session's last INSERT into an <see cref="AutoIncrementKey"/> table produced.</summary>
        string LastInsertIdSql { get; }

        /// <summary>The definition of a 64-bit key column the database numbers itself.</summary>
        string AutoIncrementKey { get; }

        /// <summary>What the statement splitter must step over in this database's scripts.</summary>
        Engine.Migrations.SplitterOptions SplitterOptions { get; }

        /// <summary>Creates an empty database on the server; throws NotSupported where a database is a file.</summary>
        string CreateDatabaseSql(string name);

        /// <summary>
        /// A database created like the current one, where a database carries defaults its tables inherit (MySQL's
        /// character set and collation, read with <see cref="DatabaseDefaultsSql"/>), so a rebuilt schema compares equal.
        /// </summary>
        string CreateDatabaseLikeSql(string name, IReadOnlyList<string?> defaults);

        /// <summary>One row of the current database's defaults for <see cref="CreateDatabaseLikeSql"/>; null where there are none to copy.</summary>
        string? DatabaseDefaultsSql { get; }

        /// <summary>Drops a database even while sessions are connected to it.</summary>
        string DropDatabaseSql(string name);

        /// <summary>The schema used when none is named: null where the database has no schemas.</summary>
        string? DefaultSchemaSql { get; }
    }
}
