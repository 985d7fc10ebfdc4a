using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Backups;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Tests.Infrastructure;
using Xunit;

namespace RollbackTools.Engine.Tests.Providers
{
    /// <summary>The same checks against each real database: what the dialect writes must run there.</summary>
    public abstract class ProviderSmokeTests<TDatabase> : IClassFixture<TDatabase>
        where TDatabase : ThrowawayDatabase
    {
        protected ProviderSmokeTests(TDatabase database)
        {
            Database = database;
        }

        public static IEnumerable<object[]> HostileNames() => new[]
        {
            new object[] { "users\"; DROP TABLE x; --" },
            new object[] { "it`s; DROP TABLE x; --" },
            new object[] { "o'brien" },
            new object[] { "naïve ünïcödé 表" },
            new object[] { "UPPER lower" },
        };

        protected TDatabase Database { get; }

        [Fact]
        public async Task ConnectsAndReportsTheServer()
        {
            ConnectionTestResult result = await new ConnectionTester(NullEngineLog.Instance).TestAsync(Database.Target, CancellationToken.None);

            Assert.Equal(Database.Target.Provider, result.Provider);
            Assert.Matches("(?i)" + ExpectedProduct, result.ServerVersion);
            Assert.True(result.Latency > TimeSpan.Zero);
        }

        [Theory]
        [MemberData(nameof(HostileNames))]
        public async Task HostileNamesAreStoredAndFoundVerbatim(string name)
        {
            await using DatabaseSession session = await Database.OpenAsync();
            string table = session.Dialect.QuoteIdentifier(name);
            string column = session.Dialect.QuoteIdentifier(name + " col");

            await session.ExecuteAsync($"CREATE TABLE {table} (id INTEGER PRIMARY KEY, {column} VARCHAR(100))", CancellationToken.None);
            await session.ExecuteAsync($"INSERT INTO {table} (id, {column}) VALUES (1, @value)", new (string, object?)[]
            {
                ("@value", name),
            }, CancellationToken.None);

            Assert.NotNull(await session.ScalarAsync(session.Dialect.TableExistsSql, new (string, object?)[]
            {
                ("@schema", null),
                ("@table", name),
            }, CancellationToken.None));
            Assert.Equal(name, await session.ScalarAsync($"SELECT {column} FROM {table} WHERE id = 1", CancellationToken.None));
            await session.ExecuteAsync($"DROP TABLE {table}", CancellationToken.None);
        }

        [Fact]
        public async Task ANameAtTheLimitIsKeptWhole()
        {
            await using DatabaseSession session = await Database.OpenAsync();
            string name = new string('n', Math.Min(session.Dialect.MaxIdentifierLength, 64));

            await session.ExecuteAsync($"CREATE TABLE {session.Dialect.QuoteIdentifier(name)} (id INTEGER)", CancellationToken.None);

            Assert.NotNull(await session.ScalarAsync(session.Dialect.TableExistsSql, new (string, object?)[]
            {
                ("@schema", null),
                ("@table", name),
            }, CancellationToken.None));
        }

        [Fact]
        public async Task TheChecksumIgnoresRowOrderButSeesNullsAndValues()
        {
            await using DatabaseSession session = await Database.OpenAsync();
            string[] columns = { "id", "v" };
            foreach (string t in new[] { "ck_a", "ck_b", "ck_c" })
            {
                await session.ExecuteAsync($"CREATE TABLE {t} (id INTEGER, v VARCHAR(20))", CancellationToken.None);
            }

            await session.ExecuteAsync("INSERT INTO ck_a (id, v) VALUES (1, 'x'), (2, NULL), (3, '')", CancellationToken.None);
            await session.ExecuteAsync("INSERT INTO ck_b (id, v) VALUES (3, ''), (1, 'x'), (2, NULL)", CancellationToken.None);
            await session.ExecuteAsync("INSERT INTO ck_c (id, v) VALUES (1, 'x'), (2, 'NULL'), (3, '')", CancellationToken.None);

            (long rows, decimal sum) a = await ChecksumAsync(session, "ck_a", columns);
            (long rows, decimal sum) b = await ChecksumAsync(session, "ck_b", columns);
            (long rows, decimal sum) c = await ChecksumAsync(session, "ck_c", columns);

            Assert.Equal(3, a.rows);
            Assert.Equal(a, b);
            Assert.NotEqual(a.sum, c.sum);
        }

        [Fact]
        public async Task TheUpsertAddsMissingRowsAndRepairsChangedOnes()
        {
            await using DatabaseSession session = await Database.OpenAsync();
            await session.ExecuteAsync("CREATE TABLE up_target (id INTEGER PRIMARY KEY, name VARCHAR(20), email VARCHAR(40))", CancellationToken.None);
            await session.ExecuteAsync("CREATE TABLE up_backup (id INTEGER PRIMARY KEY, name VARCHAR(20), email VARCHAR(40))", CancellationToken.None);
            await session.ExecuteAsync("INSERT INTO up_backup (id, name, email) VALUES (1, 'ann', 'ann@x'), (2, 'bob', 'bob@x')", CancellationToken.None);
            await session.ExecuteAsync("INSERT INTO up_target (id, name, email) VALUES (1, 'ANN', 'broken')", CancellationToken.None);

            await session.ExecuteAsync(session.Dialect.UpsertSql(null, "up_target", null, "up_backup", new[] { "id" }, new[] { "id", "name", "email" }), CancellationToken.None);

            Assert.Equal(await ChecksumAsync(session, "up_backup", new[] { "id", "name", "email" }), await ChecksumAsync(session, "up_target", new[] { "id", "name", "email" }));
        }

        [Fact]
        public async Task AWrongPasswordIsAuthenticationFailed()
        {
            if (Database.Target.Provider == DatabaseProvider.Sqlite)
            {
                return;
            }

            DatabaseTarget wrong = Database.Target.WithCredential(Database.Target.UserName, SecretText.Protect("definitely-wrong-password"));

            var error = await Assert.ThrowsAsync<RollbackToolsException>(() => new ConnectionTester(NullEngineLog.Instance).TestAsync(wrong, CancellationToken.None));
            Assert.Equal(ErrorIds.AuthenticationFailed, error.ErrorId);
            Assert.DoesNotContain("definitely-wrong-password", error.Message);
            Assert.NotNull(error.InnerException);
        }

        [Fact]
        public async Task AHostThatNeverAnswersIsUnreachableAfterTheConnectTimeout()
        {
            if (Database.Target.Provider == DatabaseProvider.Sqlite)
            {
                return;
            }

            // A TEST-NET-1 address (RFC 5737): routed nowhere, so the connect either hangs until our timeout or fails at once.
            DatabaseTarget silent = DatabaseTarget.Parse(Database.Target.Url.Replace(Database.Target.Host!, "192.0.2.1", StringComparison.Ordinal))
                .WithConnectTimeout(TimeSpan.FromSeconds(1));

            var error = await Assert.ThrowsAsync<RollbackToolsException>(() => new ConnectionTester(NullEngineLog.Instance).TestAsync(silent, CancellationToken.None));
            Assert.Equal(ErrorIds.DatabaseUnreachable, error.ErrorId);
            Assert.Equal(FailureCategory.ConnectionError, error.Category);
        }

        [Fact]
        public async Task ANonexistentDatabaseIsDatabaseNotFoundOrUnreachable()
        {
            DatabaseTarget missing = Database.Target.Provider == DatabaseProvider.Sqlite
                ? Database.Target.WithDatabase("/nonexistent-dir/" + Guid.NewGuid().ToString("N") + "/x.db")
                : Database.Target.WithDatabase("rbt_missing_" + Guid.NewGuid().ToString("N").Substring(0, 8));

            var error = await Assert.ThrowsAsync<RollbackToolsException>(() => new ConnectionTester(NullEngineLog.Instance).TestAsync(missing, CancellationToken.None));
            Assert.Equal(Database.Target.Provider == DatabaseProvider.Sqlite ? ErrorIds.DatabaseUnreachable : ErrorIds.DatabaseNotFound, error.ErrorId);
        }

        [Fact]
        public async Task TheApplicationLockIsExclusiveAcrossSessions()
        {
            await using DatabaseSession first = await Database.OpenAsync();
            if (first.Dialect.AcquireLockSql == null)
            {
                Assert.Equal(DatabaseProvider.Sqlite, Database.Target.Provider);
                return;
            }

            await using DatabaseSession second = await Database.OpenAsync();
            string tryLock = first.Dialect.TryAcquireLockSql!;
            await first.ScalarAsync(first.Dialect.AcquireLockSql, new (string, object?)[] { ("@key", 42L) }, CancellationToken.None);

            Assert.False(Convert.ToBoolean(await second.ScalarAsync(tryLock, new (string, object?)[] { ("@key", 42L) }, CancellationToken.None)));
            await first.ScalarAsync(first.Dialect.ReleaseLockSql!, new (string, object?)[] { ("@key", 42L) }, CancellationToken.None);
            Assert.True(Convert.ToBoolean(await second.ScalarAsync(tryLock, new (string, object?)[] { ("@key", 42L) }, CancellationToken.None)));
        }

        [Fact]
        public async Task CancellingFromAnotherSessionStopsTheStatement()
        {
            await using DatabaseSession victim = await Database.OpenAsync();
            if (!victim.Dialect.SupportsSessionControl)
            {
                Assert.Throws<RollbackToolsException>(() => victim.Dialect.CancelQuerySql(1));
                return;
            }

            long id = Convert.ToInt64(await victim.ScalarAsync(victim.Dialect.SessionIdSql!, CancellationToken.None));
            await using DatabaseSession operator_ = await Database.OpenAsync();
            Task running = victim.ScalarAsync(LongRunningSql, CancellationToken.None);
            while (!running.IsCompleted)
            {
                await operator_.ScalarAsync(operator_.Dialect.CancelQuerySql(id), CancellationToken.None);
                await Task.WhenAny(running, Task.Delay(200));
            }

            var error = await Assert.ThrowsAsync<RollbackToolsException>(() => running);
            Assert.Equal(ErrorIds.OperationCancelled, error.ErrorId);
        }

        [Fact]
        public async Task ACancelledTokenStopsTheStatementOnTheServer()
        {
            if (Database.Target.Provider == DatabaseProvider.Sqlite)
            {
                return;
            }

            await using DatabaseSession session = await Database.OpenAsync();
            using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

            var error = await Assert.ThrowsAsync<RollbackToolsException>(() => session.ScalarAsync(LongRunningSql, ctrlC.Token));
            Assert.Equal(ErrorIds.OperationCancelled, error.ErrorId);
        }

        /// <summary>A pattern the server version must match.</summary>
        protected abstract string ExpectedProduct { get; }

        /// <summary>A statement that runs far longer than any test and fails when interrupted.</summary>
        protected abstract string LongRunningSql { get; }

        /// <summary>Each column type this database has, its value, and the same value changed by the smallest step it can hold.</summary>
        protected abstract IReadOnlyList<(string Type, string Value, string Nudged)> ColumnTypes { get; }

        [Fact]
        public async Task TheChecksumSeesTheSmallestChangeOfEveryColumnType()
        {
            await using DatabaseSession session = await Database.OpenAsync();
            string schema = await TableShape.DefaultSchemaAsync(session, CancellationToken.None);
            string table = "exact_" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var missed = new List<string>();
            for (int i = 0; i < ColumnTypes.Count; i++)
            {
                (string type, string value, string nudged) = ColumnTypes[i];
                string column = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string one = session.Dialect.QuoteIdentifier(table + "_" + column);
                await session.ExecuteAsync($"CREATE TABLE {one} (id INTEGER PRIMARY KEY, {column} {type})", CancellationToken.None);
                await session.ExecuteAsync($"INSERT INTO {one} VALUES (1, {value}), (2, NULL)", CancellationToken.None);
                TableShape shape = (await TableShape.ReadAsync(session, schema, table + "_" + column, CancellationToken.None))!;
                TableChecksum before = await TableChecksum.ComputeAsync(session, schema, table + "_" + column, shape.Columns, null, false, CancellationToken.None);
                await session.ExecuteAsync($"UPDATE {one} SET {column} = {nudged} WHERE id = 1", CancellationToken.None);
                TableChecksum after = await TableChecksum.ComputeAsync(session, schema, table + "_" + column, shape.Columns, null, false, CancellationToken.None);
                object? stored = await session.ScalarAsync($"SELECT COUNT(*) FROM {one} WHERE {column} = {value}", CancellationToken.None);
                Assert.True(Convert.ToInt64(stored) == 0, $"{type}: {nudged} is stored as the same value as {value}; the test would prove nothing.");
                if (before == after)
                {
                    missed.Add($"{type} ({value} to {nudged})");
                }

                await session.ExecuteAsync($"DROP TABLE {one}", CancellationToken.None);
            }

            Assert.True(missed.Count == 0, "The checksum missed a change of: " + string.Join("; ", missed));
        }

        private static async Task<(long, decimal)> ChecksumAsync(DatabaseSession session, string table, IReadOnlyList<string> columns)
        {
            IReadOnlyList<(long, decimal)> rows = await session.QueryAsync(
                session.Dialect.TableChecksumSql(null, table, columns.Select(c => new BackupColumn(c, "text", false, 0)).ToArray()),
                r => (Convert.ToInt64(r.GetValue(0)), Convert.ToDecimal(r.GetValue(1))),
                CancellationToken.None);
            return rows[0];
        }
    }

    public sealed class PostgresSmokeTests : ProviderSmokeTests<PostgresDatabase>
    {
        public PostgresSmokeTests(PostgresDatabase database)
            : base(database)
        {
        }

        protected override string ExpectedProduct => "PostgreSQL";

        protected override string LongRunningSql => "SELECT pg_sleep(60)";

        protected override IReadOnlyList<(string Type, string Value, string Nudged)> ColumnTypes { get; } = new[]
        {
            ("real", "1046.2857", "1046.2858"),
            ("double precision", "0.1", "0.10000000000000002"),
            ("numeric(30,10)", "1.0000000001", "1.0000000002"),
            ("smallint", "32766", "32767"),
            ("bigint", "9223372036854775806", "9223372036854775807"),
            ("timestamp(6)", "'2026-01-01 00:00:00.000001'", "'2026-01-01 00:00:00.000002'"),
            ("timestamptz", "'2026-01-01 00:00:00.000001+00'", "'2026-01-01 00:00:00.000002+00'"),
            ("time(6)", "'10:00:00.000001'", "'10:00:00.000002'"),
            ("interval", "'1 microsecond'", "'2 microseconds'"),
            ("date", "'2026-01-01'", "'2026-01-02'"),
            ("bytea", "'\\x00ff'", "'\\x00fe'"),
            ("bit(8)", "B'00000101'", "B'00000100'"),
            ("boolean", "true", "false"),
            ("text", "'a'", "'a '"),
            ("varchar(10)", "'x'", "'X'"),
            ("uuid", "'00000000-0000-0000-0000-000000000001'", "'00000000-0000-0000-0000-000000000002'"),
            ("jsonb", "'{\"a\": 1}'", "'{\"a\": 2}'"),
            ("money", "'1.01'", "'1.02'"),
        };
    }

    public sealed class MySqlSmokeTests : ProviderSmokeTests<MySqlDatabase>
    {
        public MySqlSmokeTests(MySqlDatabase database)
            : base(database)
        {
        }

        protected override string ExpectedProduct => "MariaDB|MySQL";

        // SLEEP() and BENCHMARK() return quietly when killed, and recursive queries stop at 1000 rows;
        // a triple cross join runs for minutes and raises "Query execution was interrupted".
        protected override string LongRunningSql => "SELECT COUNT(*) FROM information_schema.COLUMNS a, information_schema.COLUMNS b, information_schema.COLUMNS c";

        protected override IReadOnlyList<(string Type, string Value, string Nudged)> ColumnTypes { get; } = new[]
        {
            ("FLOAT", "1046.2857", "1046.2859"),
            ("FLOAT(10,2)", "12.34", "12.35"),
            ("DOUBLE", "0.1", "0.10000000000000002"),
            ("DECIMAL(30,10)", "1.0000000001", "1.0000000002"),
            ("TINYINT", "126", "127"),
            ("BIGINT UNSIGNED", "18446744073709551614", "18446744073709551615"),
            ("DATETIME(6)", "'2026-01-01 00:00:00.000001'", "'2026-01-01 00:00:00.000002'"),
            ("TIMESTAMP(6) NULL", "'2026-01-01 00:00:00.000001'", "'2026-01-01 00:00:00.000002'"),
            ("TIME(6)", "'10:00:00.000001'", "'10:00:00.000002'"),
            ("DATE", "'2026-01-01'", "'2026-01-02'"),
            ("YEAR", "2026", "2027"),
            ("BIT(8)", "b'00000101'", "b'00000100'"),
            ("VARBINARY(10)", "0x00FF", "0x00FE"),
            ("BINARY(4)", "0x00000001", "0x00000002"),
            ("BLOB", "0x00FF", "0x00FE"),
            ("CHAR(5)", "'a'", "'b'"),
            ("TEXT", "'a'", "'b'"),
            ("ENUM('a','b')", "'a'", "'b'"),
            ("SET('a','b')", "'a'", "'a,b'"),
            ("JSON", "'{\"a\": 1}'", "'{\"a\": 2}'"),
        };
    }

    public sealed class SqliteSmokeTests : ProviderSmokeTests<SqliteDatabase>
    {
        public SqliteSmokeTests(SqliteDatabase database)
            : base(database)
        {
        }

        protected override string ExpectedProduct => "SQLite";

        protected override string LongRunningSql => "SELECT 1";

        protected override IReadOnlyList<(string Type, string Value, string Nudged)> ColumnTypes { get; } = new[]
        {
            ("REAL", "0.1", "0.10000000000000002"),
            ("REAL", "1046.2857", "1046.2857000000002"),
            ("INTEGER", "9223372036854775806", "9223372036854775807"),
            ("NUMERIC", "1.0000000001", "1.0000000002"),
            ("TEXT", "'a'", "'a '"),
            ("BLOB", "x'00ff'", "x'00fe'"),
            ("DATETIME", "'2026-01-01 00:00:00.000001'", "'2026-01-01 00:00:00.000002'"),
        };
    }
}
