using System;
using System.Globalization;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Dialects;

namespace RollbackTools.Engine.Providers
{
    /// <summary>MySQL and MariaDB through MySqlConnector.</summary>
    internal sealed class MySqlProvider : IDatabaseProvider
    {
        private static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["sslmode"] = "SSL Mode",
            ["ssl-mode"] = "SSL Mode",
            ["tls"] = "SSL Mode",
            ["charset"] = "Character Set",
            ["application_name"] = "Application Name",
        };

        private static readonly string[] TargetKeywords =
        {
            "Server", "Host", "Data Source", "DataSource", "Address", "Addr", "Network Address", "Port", "Database", "Initial Catalog",
            "User ID", "UserID", "Username", "Uid", "User name", "User", "Password", "PWD", "Connection Timeout", "ConnectionTimeout", "Connect Timeout",
        };

        public DatabaseProvider Kind => DatabaseProvider.MySql;

        public ISqlDialect Dialect { get; } = new MySqlDialect();

        public int DefaultPort => 3306;

        public string DefaultDatabase => "mysql";

        public DatabaseTarget ParseConnectionString(string connectionString)
        {
            MySqlConnectionStringBuilder builder = ConnectionOptions.Read(() => new MySqlConnectionStringBuilder(connectionString), "MySQL");

            var target = new DatabaseTarget(
                Kind,
                string.IsNullOrEmpty(builder.Server) ? "localhost" : builder.Server,
                (int)builder.Port,
                string.IsNullOrEmpty(builder.Database) ? DefaultDatabase : builder.Database,
                builder.UserID,
                string.IsNullOrEmpty(builder.Password) ? null : SecretText.Protect(builder.Password),
                ConnectionOptions.Remaining(connectionString, TargetKeywords),
                builder.ConnectionTimeout > 0 ? TimeSpan.FromSeconds(builder.ConnectionTimeout) : null);
            ValidateOptions(target);
            return target;
        }

        public void ValidateOptions(DatabaseTarget target) => ConnectionOptions.Apply(new MySqlConnectionStringBuilder(), target, Aliases);

        public DbConnection CreateConnection(DatabaseTarget target)
        {
            var builder = new MySqlConnectionStringBuilder
            {
                Server = target.Host,
                Port = (uint)(target.Port ?? DefaultPort),
                Database = target.DatabaseName,
                UserID = target.UserName,
                ApplicationName = "RollbackTools",
                ConnectionTimeout = (uint)Math.Ceiling(target.ConnectTimeout.TotalSeconds) + 1, // a second past ours, so -ConnectTimeout speaks first

                // Migration scripts use @variables; without this the driver takes them for missing parameters.
                AllowUserVariables = true,

                // An idle pooled connection is closed after half a minute, not three: a prompt that touched many
                // databases does not keep a connection open on each of them.
                ConnectionIdleTimeout = 30,
            };
            ConnectionOptions.Apply(builder, target, Aliases);
            if (target.Password != null)
            {
                builder.Password = SecretText.Reveal(target.Password);
            }

            return new MySqlConnection(builder.ConnectionString);
        }

        public Backups.Dumps.IDumpTool DumpTool { get; } = new Backups.Dumps.MySqlDumpTool();

        public RestorePoints.IRestorePointTaker RestorePoints { get; } = new RestorePoints.MySqlRestorePoints();

        public Recovery.IPointInTimeRecovery? Recovery { get; } = new Recovery.MariaDbRecovery();

        public Sessions.ISessionMonitor? Sessions { get; } = new Sessions.MySqlSessionMonitor();

        public Schema.ISchemaReader SchemaReader { get; } = new Schema.MySqlSchemaReader();


        public Scratch.IScratchDatabases ScratchDatabases { get; } = new Scratch.ServerScratchDatabases();



        public Connections.Urls.IUrlGrammar Url { get; } = new Connections.Urls.ServerUrlGrammar("mysql", "mariadb");

        public SoftDelete.IObjectInspector Inspector { get; } = new SoftDelete.MySqlInspector();

        public bool IsAbsent(DatabaseTarget target) => false;

        public string? LivenessSql => "SELECT 1";

        public void ClearPool(DbConnection connection) => MySqlConnection.ClearPool((MySqlConnection)connection);

        public Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

        public RollbackToolsException? Classify(Exception exception, DatabaseTarget target)
        {
            if (exception is not MySqlException error)
            {
                return null;
            }

            return error.ErrorCode switch
            {
                MySqlErrorCode.UnableToConnectToHost =>
                    new RollbackToolsException(ErrorIds.DatabaseUnreachable, FailureCategory.ConnectionError, $"Cannot reach MySQL/MariaDB at {target.Host}:{target.Port}: {error.Message}", target, error),
                MySqlErrorCode.AccessDenied =>
                    new RollbackToolsException(ErrorIds.AuthenticationFailed, FailureCategory.AuthenticationError, $"MySQL/MariaDB refused the login of '{target.UserName}' to {target.Url}: {error.Message}", target, error),
                MySqlErrorCode.UnknownDatabase =>
                    new RollbackToolsException(ErrorIds.DatabaseNotFound, FailureCategory.ObjectNotFound, $"The database '{target.DatabaseName}' does not exist on {target.Host}.", target, error),
                MySqlErrorCode.KillDenied =>
                    new RollbackToolsException(ErrorIds.InsufficientPrivilege, FailureCategory.PermissionDenied, $"'{target.UserName}' may not stop another user's session: {error.Message} It needs the CONNECTION ADMIN privilege (MySQL 8: CONNECTION_ADMIN; older servers: SUPER) or PROCESS with ownership.", target, error),
                MySqlErrorCode.LockWaitTimeout =>
                    new RollbackToolsException(ErrorIds.LockTimeout, FailureCategory.ResourceBusy, $"A lock was not granted within the lock wait timeout: {error.Message}", target, error),
                (MySqlErrorCode)1969 or (MySqlErrorCode)3024 =>
                    new RollbackToolsException(ErrorIds.StatementTimeout, FailureCategory.OperationStopped, $"The statement ran longer than the statement time limit and was stopped: {error.Message}", target, error),
                MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.TableAccessDenied or MySqlErrorCode.ColumnAccessDenied =>
                    new RollbackToolsException(ErrorIds.InsufficientPrivilege, FailureCategory.PermissionDenied, $"'{target.UserName}' lacks a privilege on {target.Url}: {error.Message}", target, error),
                (MySqlErrorCode)1927 =>
                    new RollbackToolsException(ErrorIds.OperationCancelled, FailureCategory.OperationStopped, "The session was ended on the server.", target, error),

                // KILL CONNECTION usually just closes the socket under a running statement.
                _ when error.InnerException is System.IO.IOException or System.IO.EndOfStreamException || error.Message.Contains("Failed to read the result set", StringComparison.Ordinal) =>
                    new RollbackToolsException(ErrorIds.OperationCancelled, FailureCategory.OperationStopped, $"The server closed the session during the statement (ended by another session?): {error.Message}", target, error),
                MySqlErrorCode.QueryInterrupted =>
                    new RollbackToolsException(ErrorIds.OperationCancelled, FailureCategory.OperationStopped, "The statement was cancelled on the server.", target, error),
                _ => new RollbackToolsException(ErrorIds.QueryFailed, FailureCategory.InvalidOperation, $"MySQL/MariaDB error {(int)error.ErrorCode}: {error.Message}", target, error) { ServerCode = ((int)error.ErrorCode).ToString(CultureInfo.InvariantCulture) },
            };
        }
    }
}
