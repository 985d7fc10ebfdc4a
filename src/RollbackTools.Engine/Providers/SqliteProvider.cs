using System;
using System.Globalization;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RollbackTools.Engine.Dialects;

namespace RollbackTools.Engine.Providers
{
    internal sealed class SqliteProvider : IDatabaseProvider
    {
        private const int SqliteCantOpen = 14;
        private const int SqliteInterrupt = 9;
        private const int SqliteReadOnly = 8;
        private const int SqliteAuth = 23;
        private const int SqliteBusy = 5;
        private const int SqliteLocked = 6;

        private static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["mode"] = "Mode",
            ["cache"] = "Cache",
            ["foreign_keys"] = "Foreign Keys",
        };

        private static readonly string[] TargetKeywords = { "Data Source", "DataSource", "Filename", "Password", "Default Timeout", "Command Timeout" };

        public DatabaseProvider Kind => DatabaseProvider.Sqlite;

        public ISqlDialect Dialect { get; } = new SqliteDialect();

        public int DefaultPort => 0;

        public string DefaultDatabase => string.Empty;

        public DatabaseTarget ParseConnectionString(string connectionString)
        {
            SqliteConnectionStringBuilder builder = ConnectionOptions.Read(() => new SqliteConnectionStringBuilder(connectionString), "SQLite");

            if (string.IsNullOrEmpty(builder.DataSource))
            {
                throw new RollbackToolsException(ErrorIds.InvalidDatabaseUrl, FailureCategory.InvalidArgument, "The SQLite connection string names no Data Source.");
            }

            var target = new DatabaseTarget(Kind, null, null, builder.DataSource, null, null, ConnectionOptions.Remaining(connectionString, TargetKeywords));
            ValidateOptions(target);
            return target;
        }

        public void ValidateOptions(DatabaseTarget target) => ConnectionOptions.Apply(new SqliteConnectionStringBuilder(), target, Aliases);

        public DbConnection CreateConnection(DatabaseTarget target)
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = target.DatabaseName,

                // A pooled connection keeps the file open after the cmdlet ends, which blocks moving or deleting it.
                Pooling = false,
                DefaultTimeout = (int)Math.Ceiling(target.ConnectTimeout.TotalSeconds),
            };
            ConnectionOptions.Apply(builder, target, Aliases);
            return new SqliteConnection(builder.ConnectionString);
        }

        public Backups.Dumps.IDumpTool DumpTool { get; } = new Backups.Dumps.SqliteDumpTool();

        public RestorePoints.IRestorePointTaker RestorePoints { get; } = new RestorePoints.SqliteRestorePoints();

        public Recovery.IPointInTimeRecovery? Recovery { get; } = null;

        public Sessions.ISessionMonitor? Sessions { get; } = null;

        public Schema.ISchemaReader SchemaReader { get; } = new Schema.SqliteSchemaReader();


        public Scratch.IScratchDatabases ScratchDatabases { get; } = new Scratch.FileScratchDatabases();



        public Connections.Urls.IUrlGrammar Url { get; } = new Connections.Urls.FileUrlGrammar(new[] { "sqlite", "sqlite3" }, new[] { ".db", ".sqlite", ".sqlite3" });

        public SoftDelete.IObjectInspector Inspector { get; } = new SoftDelete.SqliteInspector();

        /// <summary>
        /// True for a file not there yet in a folder that is. A folder given as the database, or a file in a
        /// folder that does not exist, is refused: read as "no migrations yet", it would list all of them Pending.
        /// </summary>
        public bool IsAbsent(DatabaseTarget target)
        {
            string path = target.DatabaseName;
            if (path.StartsWith(":memory:", StringComparison.OrdinalIgnoreCase) || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || File.Exists(path))
            {
                return false;
            }

            if (Directory.Exists(path))
            {
                throw new RollbackToolsException(ErrorIds.DatabaseUnreachable, FailureCategory.ConnectionError, $"'{path}' is a folder, not a SQLite database file.", target);
            }

            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder != null && !Directory.Exists(folder))
            {
                throw new RollbackToolsException(ErrorIds.DatabaseUnreachable, FailureCategory.ConnectionError, $"Cannot open the SQLite file '{path}': the folder '{folder}' does not exist.", target);
            }

            return true;
        }

        public string? LivenessSql => null;

        public void ClearPool(DbConnection connection)
        {
            // Nothing pooled can die here: the file is opened in-process.
        }

        public Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            ((SqliteConnection)connection).CreateFunction<string?, long?>(SqliteDialect.HashFunctionName, RowHash, isDeterministic: true);
            return Task.CompletedTask;
        }

        public RollbackToolsException? Classify(Exception exception, DatabaseTarget target)
        {
            if (exception is not SqliteException error)
            {
                return null;
            }

            return error.SqliteErrorCode switch
            {
                SqliteCantOpen => new RollbackToolsException(ErrorIds.DatabaseUnreachable, FailureCategory.ConnectionError, $"Cannot open the SQLite file '{target.DatabaseName}': {ServerText(error)}", target, error),
                SqliteAuth => new RollbackToolsException(ErrorIds.AuthenticationFailed, FailureCategory.AuthenticationError, $"SQLite refused access to '{target.DatabaseName}'.", target, error),
                SqliteBusy or SqliteLocked => new RollbackToolsException(ErrorIds.LockTimeout, FailureCategory.ResourceBusy, $"'{target.DatabaseName}' stayed locked by another connection: {error.Message}", target, error),
                SqliteInterrupt => new RollbackToolsException(ErrorIds.OperationCancelled, FailureCategory.OperationStopped, "The statement was interrupted.", target, error),
                SqliteReadOnly => new RollbackToolsException(ErrorIds.InsufficientPrivilege, FailureCategory.PermissionDenied, $"'{target.DatabaseName}' is read-only here (file permissions, a read-only mount or Mode=ReadOnly): {ServerText(error)}", target, error),
                _ => new RollbackToolsException(ErrorIds.QueryFailed, FailureCategory.InvalidOperation, $"SQLite error {error.SqliteErrorCode}: {ServerText(error)}", target, error) { ServerCode = error.SqliteErrorCode.ToString(CultureInfo.InvariantCulture) },
            };
        }

        /// <summary>SQLite's own words, without the driver's "SQLite Error 1: '...'." wrapping, which our prefix would double.</summary>
        private static string ServerText(SqliteException error)
        {
            System.Text.RegularExpressions.Match wrapped = System.Text.RegularExpressions.Regex.Match(error.Message, @"^SQLite Error \d+: '(?<text>.*)'\.?$", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            return wrapped.Success ? wrapped.Groups["text"].Value : error.Message;
        }

        /// <summary>32-bit FNV-1a: small enough that SUM over two billion rows still fits SQLite's 64-bit integer.</summary>
        private static long? RowHash(string? row)
        {
            if (row == null)
            {
                return null;
            }

            uint hash = 2166136261;
            foreach (char c in row)
            {
                hash = unchecked((hash ^ c) * 16777619);
            }

            return hash;
        }
    }
}
