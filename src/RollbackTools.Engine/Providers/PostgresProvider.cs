using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Dialects;

namespace RollbackTools.Engine.Providers
{
    internal sealed class PostgresProvider : IDatabaseProvider
    {
        private static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["sslmode"] = "SSL Mode",
            ["sslrootcert"] = "Root Certificate",
            ["sslcert"] = "SSL Certificate",
            ["sslkey"] = "SSL Key",
            ["application_name"] = "Application Name",
            ["search_path"] = "Search Path",
            ["target_session_attrs"] = "Target Session Attributes",
            ["options"] = "Options",
        };

        private static readonly string[] TargetKeywords =
        {
            "Host", "Server", "Port", "Database", "DB", "Username", "User Name", "User ID", "UserID", "UID", "User", "Password", "PSW", "PWD", "Timeout",
        };

        public DatabaseProvider Kind => DatabaseProvider.PostgreSql;

        public ISqlDialect Dialect { get; } = new PostgresDialect();

        public int DefaultPort => 5432;

        public string DefaultDatabase => "postgres";

        public DatabaseTarget ParseConnectionString(string connectionString)
        {
            NpgsqlConnectionStringBuilder builder = ConnectionOptions.Read(() => new NpgsqlConnectionStringBuilder(connectionString), "PostgreSQL");
            var target = new DatabaseTarget(
                Kind,
                builder.Host,
                builder.Port,
                builder.Database ?? DefaultDatabase,
                builder.Username,
                string.IsNullOrEmpty(builder.Password) ? null : SecretText.Protect(builder.Password),
                ConnectionOptions.Remaining(connectionString, TargetKeywords),
                builder.Timeout > 0 ? TimeSpan.FromSeconds(builder.Timeout) : null);
            ValidateOptions(target);
            return target;
        }

        public void ValidateOptions(DatabaseTarget target) => ConnectionOptions.Apply(new NpgsqlConnectionStringBuilder(), target, Aliases);

        public DbConnection CreateConnection(DatabaseTarget target)
        {
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = target.Host,
                Port = target.Port ?? DefaultPort,
                Database = target.DatabaseName,
                Username = target.UserName,
                ApplicationName = "RollbackTools",

                // A migration's statements go in one batch: the failing one, named on the error, gives its line.
                IncludeFailedBatchedCommand = true,

                // The journal's find, insert and history statements repeat for every migration: prepared once per
                // connection, the server parses and plans them once per run instead of once per migration.
                MaxAutoPrepare = 16,

                // An idle pooled connection is closed after half a minute, not five: a prompt that touched many
                // databases does not keep a connection open on each of them.
                ConnectionIdleLifetime = 30,
                Timeout = (int)Math.Ceiling(Math.Min(target.ConnectTimeout.TotalSeconds, 1023)) + 1, // a second past ours, so -ConnectTimeout speaks first
            };
            ConnectionOptions.Apply(builder, target, Aliases);
            if (target.Password != null)
            {
                builder.Password = SecretText.Reveal(target.Password);
            }

            return new NpgsqlConnection(builder.ConnectionString);
        }

        public Backups.Dumps.IDumpTool DumpTool { get; } = new Backups.Dumps.PgDumpTool();

        public RestorePoints.IRestorePointTaker RestorePoints { get; } = new RestorePoints.PostgresRestorePoints();

        public Recovery.IPointInTimeRecovery? Recovery { get; } = new Recovery.PostgresRecovery();

        public Sessions.ISessionMonitor? Sessions { get; } = new Sessions.PostgresSessionMonitor();

        public Schema.ISchemaReader SchemaReader { get; } = new Schema.PostgresSchemaReader();


        public Scratch.IScratchDatabases ScratchDatabases { get; } = new Scratch.ServerScratchDatabases();



        public Connections.Urls.IUrlGrammar Url { get; } = new Connections.Urls.ServerUrlGrammar("postgres", "postgresql");

        public SoftDelete.IObjectInspector Inspector { get; } = new SoftDelete.PostgresInspector();

        public bool IsAbsent(DatabaseTarget target) => false;

        public string? LivenessSql => "SELECT 1";

        public void ClearPool(DbConnection connection) => NpgsqlConnection.ClearPool((NpgsqlConnection)connection);

        public Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

        public RollbackToolsException? Classify(Exception exception, DatabaseTarget target)
        {
            if (exception is PostgresException server)
            {
                return server.SqlState switch
                {
                    PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                        new RollbackToolsException(ErrorIds.AuthenticationFailed, FailureCategory.AuthenticationError, $"PostgreSQL refused the login of '{target.UserName}' to {target.Url}: {server.MessageText}", target, server),
                    PostgresErrorCodes.InvalidCatalogName =>
                        new RollbackToolsException(ErrorIds.DatabaseNotFound, FailureCategory.ObjectNotFound, $"The database '{target.DatabaseName}' does not exist on {target.Host}.", target, server),
                    PostgresErrorCodes.InsufficientPrivilege when server.MessageText.Contains("pg_signal_backend", StringComparison.Ordinal) =>
                        new RollbackToolsException(ErrorIds.InsufficientPrivilege, FailureCategory.PermissionDenied, $"'{target.UserName}' may not cancel or end another user's session: {server.MessageText}. Grant it the role pg_signal_backend (GRANT pg_signal_backend TO {target.UserName}).", target, server),
                    PostgresErrorCodes.InsufficientPrivilege =>
                        new RollbackToolsException(ErrorIds.InsufficientPrivilege, FailureCategory.PermissionDenied, $"'{target.UserName}' lacks a privilege on {target.Url}: {server.MessageText}", target, server),
                    PostgresErrorCodes.QueryCanceled when server.MessageText.Contains("statement timeout", StringComparison.OrdinalIgnoreCase) =>
                        new RollbackToolsException(ErrorIds.StatementTimeout, FailureCategory.OperationStopped, $"The statement ran longer than statement_timeout and was stopped: {server.MessageText}", target, server),
                    PostgresErrorCodes.QueryCanceled =>
                        new RollbackToolsException(ErrorIds.OperationCancelled, FailureCategory.OperationStopped, "The statement was cancelled on the server.", target, server),
                    PostgresErrorCodes.LockNotAvailable =>
                        new RollbackToolsException(ErrorIds.LockTimeout, FailureCategory.ResourceBusy, $"A lock was not granted within lock_timeout: {server.MessageText}", target, server),
                    PostgresErrorCodes.AdminShutdown =>
                        new RollbackToolsException(ErrorIds.OperationCancelled, FailureCategory.OperationStopped, "The session was terminated on the server.", target, server),
                    _ => new RollbackToolsException(ErrorIds.QueryFailed, FailureCategory.InvalidOperation, $"PostgreSQL error {server.SqlState}: {server.MessageText}", target, server) { ServerCode = server.SqlState },
                };
            }

            if (exception is NpgsqlException driver)
            {
                if (driver.InnerException is SocketException or TimeoutException or IOException)
                {
                    return new RollbackToolsException(ErrorIds.DatabaseUnreachable, FailureCategory.ConnectionError, $"Cannot reach PostgreSQL at {target.Host}:{target.Port}: {driver.InnerException.Message}", target, driver);
                }

                // Npgsql refuses before sending anything when the server asks for a password we do not have.
                if (driver.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
                {
                    return new RollbackToolsException(ErrorIds.AuthenticationFailed, FailureCategory.AuthenticationError, $"PostgreSQL asks '{target.UserName}' for a password: give -Credential.", target, driver);
                }

                return new RollbackToolsException(ErrorIds.QueryFailed, FailureCategory.InvalidOperation, driver.Message, target, driver);
            }

            return null;
        }
    }
}
