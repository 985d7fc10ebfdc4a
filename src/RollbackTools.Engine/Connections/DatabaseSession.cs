using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Dialects;
using RollbackTools.Engine.Providers;

namespace RollbackTools.Engine.Connections
{
    /// <summary>
    /// One open connection and the dialect to speak on it. Every call takes the caller's token so
    /// Ctrl+C cancels the statement on the server, and every driver error leaves as a
    /// <see cref="RollbackToolsException"/> with the driver's exception inside.
    /// </summary>
    internal sealed class DatabaseSession : IAsyncDisposable
    {
        private readonly IDatabaseProvider provider;
        private readonly IEngineLog log;

        private DatabaseSession(DatabaseTarget target, IDatabaseProvider provider, DbConnection connection, IEngineLog log)
        {
            Target = target;
            this.provider = provider;
            Connection = connection;
            this.log = log;
        }

        public DatabaseTarget Target { get; }

        public ISqlDialect Dialect => provider.Dialect;

        public Backups.Dumps.IDumpTool DumpTool => provider.DumpTool;

        public Schema.ISchemaReader SchemaReader => provider.SchemaReader;

        public SoftDelete.IObjectInspector Inspector => provider.Inspector;

        public Scratch.IScratchDatabases ScratchDatabases => provider.ScratchDatabases;

        public DbConnection Connection { get; }





        /// <summary>
        /// Opens a database only to read it: a SQLite file that is not there is DatabaseNotFound, never created
        /// (opening it the ordinary way would leave an empty file behind a mistyped path).
        /// </summary>
        public static Task<DatabaseSession> OpenExistingAsync(DatabaseTarget target, IEngineLog log, CancellationToken cancellationToken) =>
            target.IsAbsent
                ? throw new RollbackToolsException(ErrorIds.DatabaseNotFound, FailureCategory.ObjectNotFound, $"The database '{target.DatabaseName}' does not exist, so there is nothing to read; nothing was created.", target)
                : OpenAsync(target, log, cancellationToken);

        public static async Task<DatabaseSession> OpenAsync(DatabaseTarget target, IEngineLog log, CancellationToken cancellationToken)
        {
            IDatabaseProvider provider = target.Driver;
            DbConnection connection = provider.CreateConnection(target);
            log.Verbose($"Connecting to {target.Url} (timeout {target.ConnectTimeout.TotalSeconds:0.#} s).");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(target.ConnectTimeout);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
                if (!await IsAliveAsync(provider, connection, timeout.Token).ConfigureAwait(false))
                {
                    // The pool handed out a connection the server ended (restart, failover, a terminated session).
                    // Only our own harmless probe ran on it; a fresh connection is opened before anything else.
                    log.Verbose($"A pooled connection to {target.Url} was dead; opening a fresh one.");
                    provider.ClearPool(connection);
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = provider.CreateConnection(target);
                    await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
                }

                await provider.OnOpenedAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                // The drivers keep a timer of their own, set to the same limit rounded up to whole seconds; when it
                // fires first, its error comes after at least the limit too, and is the same timeout.
                bool timedOut = !cancellationToken.IsCancellationRequested
                    && (timeout.IsCancellationRequested || ex is TimeoutException || ex.InnerException is TimeoutException || clock.Elapsed >= target.ConnectTimeout);
                if (timedOut)
                {
                    throw new RollbackToolsException(
                        ErrorIds.DatabaseUnreachable,
                        FailureCategory.ConnectionError,
                        $"{Endpoint(target, provider)} did not answer within {target.ConnectTimeout.TotalSeconds:0.#} s (-ConnectTimeout, or connect_timeout in the URL), connecting to {target.Url}.",
                        target,
                        ex);
                }

                RollbackToolsException error = Translate(provider, target, ex);
                if (error.ErrorId == ErrorIds.QueryFailed)
                {
                    // Nothing of ours ran yet: a failure here is the server not speaking the protocol (a wrong port).
                    throw new RollbackToolsException(
                        ErrorIds.DatabaseUnreachable,
                        FailureCategory.ConnectionError,
                        $"{Endpoint(target, provider)} answered, but not as {provider.Dialect.DisplayName} would: {error.Message}",
                        target,
                        ex);
                }

                throw error;
            }

            return new DatabaseSession(target, provider, connection, log);
        }

        private static string Endpoint(DatabaseTarget target, IDatabaseProvider provider) =>
            target.Host == null ? target.Url : $"{target.Host}:{target.Port ?? provider.DefaultPort}";

        private static async Task<bool> IsAliveAsync(IDatabaseProvider provider, DbConnection connection, CancellationToken cancellationToken)
        {
            if (provider.LivenessSql == null)
            {
                return true;
            }

            try
            {
                await using DbCommand probe = connection.CreateCommand();
                probe.CommandText = provider.LivenessSql;
                await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is DbException || ex is System.IO.IOException || ex is InvalidOperationException)
            {
                return false;
            }
        }

        private static readonly (string Name, object? Value)[] NoParameters = Array.Empty<(string, object?)>();

        public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken) => ExecuteAsync(sql, NoParameters, cancellationToken);

        public async Task<int> ExecuteAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
        {
            await using DbCommand command = Prepare(sql, parameters);
            try
            {
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not RollbackToolsException)
            {
                throw Translate(ex);
            }
        }

        /// <summary>
        /// Sends the commands in one round trip where the driver batches (Npgsql, MySqlConnector), one by one
        /// where it does not (SQLite, in process anyway). The server stops at the first command that fails;
        /// its index comes back with the error, -1 when the driver did not say which one it was.
        /// </summary>
        public async Task<BatchOutcome> TryExecuteBatchAsync(IReadOnlyList<BatchedCommand> commands, CancellationToken cancellationToken)
        {
            if (commands.Count < 2 || !Connection.CanCreateBatch)
            {
                for (int i = 0; i < commands.Count; i++)
                {
                    try
                    {
                        await ExecuteAsync(commands[i].Sql, commands[i].Parameters, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RollbackToolsException ex)
                    {
                        return new BatchOutcome(i, ex);
                    }
                }

                return BatchOutcome.Succeeded;
            }

            await using DbBatch batch = Connection.CreateBatch();
            batch.Timeout = 0;
            foreach (BatchedCommand command in commands)
            {
                if (log.WantsDebug)
                {
                    log.Debug("SQL (batched): " + command.Sql);
                }

                DbBatchCommand batched = batch.CreateBatchCommand();
                batched.CommandText = command.Sql;
                foreach ((string name, object? value) in command.Parameters)
                {
                    DbParameter parameter = batched.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value ?? DBNull.Value;
                    batched.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(batched);
            }

            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return BatchOutcome.Succeeded;
            }
            catch (Exception ex) when (ex is not RollbackToolsException)
            {
                DbBatchCommand? failed = (ex as DbException ?? ex.InnerException as DbException)?.BatchCommand;
                int index = failed == null ? -1 : batch.BatchCommands.IndexOf(failed);
                return new BatchOutcome(index, Translate(ex));
            }
        }

        public Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken) => ScalarAsync(sql, NoParameters, cancellationToken);

        public async Task<object?> ScalarAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
        {
            await using DbCommand command = Prepare(sql, parameters);
            try
            {
                object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return value is DBNull ? null : value;
            }
            catch (Exception ex) when (ex is not RollbackToolsException)
            {
                throw Translate(ex);
            }
        }

        public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken) => QueryAsync(sql, map, NoParameters, cancellationToken);

        public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
        {
            await using DbCommand command = Prepare(sql, parameters);
            var rows = new List<T>();
            try
            {
                await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }
            }
            catch (Exception ex) when (ex is not RollbackToolsException)
            {
                throw Translate(ex);
            }

            return rows;
        }

        /// <summary>The column names of a table (given quoted), read from an empty result: the same on every database.</summary>
        public async Task<IReadOnlyList<string>> ColumnNamesAsync(string quotedTable, CancellationToken cancellationToken)
        {
            await using DbCommand command = Prepare($"SELECT * FROM {quotedTable} WHERE 1 = 0", NoParameters);
            try
            {
                await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var names = new List<string>(reader.FieldCount);
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    names.Add(reader.GetName(i));
                }

                return names;
            }
            catch (Exception ex) when (ex is not RollbackToolsException)
            {
                throw Translate(ex);
            }
        }

        /// <summary>Whether the table exists; a null schema means the connection's current one.</summary>
        public async Task<bool> TableExistsAsync(string? schema, string table, CancellationToken cancellationToken) =>
            IdentifierRules.CanLookUp(Dialect, table)
            && await ScalarAsync(Dialect.TableExistsSql, new (string, object?)[]
            {
                ("@schema", schema),
                ("@table", table),
            }, cancellationToken).ConfigureAwait(false) != null;

        /// <summary>
        /// Starts a transaction with the dialect's own statement, so every later command on the session joins
        /// it without a driver transaction object. Only SQLite waits here, for the file's write lock, and
        /// gives up after <paramref name="lockWait"/>. Its driver waits out a busy file without looking at the
        /// token, so the wait is taken in slices of a second and Ctrl+C ends it between them.
        /// </summary>
        public async Task BeginAsync(TimeSpan lockWait, CancellationToken cancellationToken)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                await using DbCommand command = Prepare(Dialect.BeginTransactionSql, NoParameters);
                command.CommandTimeout = 1;
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (ex is not RollbackToolsException)
                {
                    RollbackToolsException error = Translate(ex);
                    if (error.ErrorId != ErrorIds.LockTimeout || clock.Elapsed >= lockWait)
                    {
                        throw error;
                    }

                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw Cancellation.Cancelled(Target, "Cancelled while waiting for the database's write lock.", ex);
                    }
                }
            }
        }

        public Task CommitAsync(CancellationToken cancellationToken) => ExecuteAsync("COMMIT", cancellationToken);

        /// <summary>Rolls back, ignoring the token: it runs after a failure or Ctrl+C and must still reach the server.</summary>
        public async Task RollbackQuietlyAsync()
        {
            try
            {
                await ExecuteAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
            }
            catch (RollbackToolsException ex)
            {
                // A broken connection has rolled back on the server already; nothing more to do.
                log.Debug("ROLLBACK failed: " + ex.Message);
            }
        }

        public RollbackToolsException Translate(Exception exception) => Translate(provider, Target, exception);

        public ValueTask DisposeAsync() => Connection.DisposeAsync();

        private static RollbackToolsException Translate(IDatabaseProvider provider, DatabaseTarget target, Exception exception)
        {
            if (exception is RollbackToolsException known)
            {
                return known;
            }

            RollbackToolsException? classified = provider.Classify(exception, target) ?? provider.Classify(exception.InnerException!, target);
            if (classified != null && !(exception is OperationCanceledException && classified.ErrorId == ErrorIds.QueryFailed))
            {
                return classified;
            }

            if (exception is OperationCanceledException)
            {
                return new RollbackToolsException(ErrorIds.OperationCancelled, FailureCategory.OperationStopped, "The operation was cancelled.", target, exception);
            }

            return new RollbackToolsException(ErrorIds.QueryFailed, FailureCategory.InvalidOperation, exception.Message, target, exception);
        }

        private DbCommand Prepare(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
        {
            if (log.WantsDebug)
            {
                log.Debug("SQL: " + sql);
            }

            DbCommand command = Connection.CreateCommand();
            command.CommandText = sql;

            // Migrations and backups run as long as they need; Ctrl+C and -StatementTimeout bound them instead.
            command.CommandTimeout = 0;
            foreach ((string name, object? value) in parameters)
            {
                DbParameter parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }
    }
}
