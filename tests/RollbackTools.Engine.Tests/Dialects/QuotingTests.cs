using System.Collections.Generic;
using RollbackTools.Engine.Dialects;
using Xunit;

namespace RollbackTools.Engine.Tests.Dialects
{
    public class QuotingTests
    {
        private static readonly ISqlDialect Postgres = new PostgresDialect();
        private static readonly ISqlDialect MySql = new MySqlDialect();
        private static readonly ISqlDialect Sqlite = new SqliteDialect();

        public static IEnumerable<object[]> Dialects() => new[] { new object[] { "postgres" }, new object[] { "mysql" }, new object[] { "sqlite" } };

        [Theory]
        [InlineData("users", "\"users\"")]
        [InlineData("users\"; DROP TABLE x; --", "\"users\"\"; DROP TABLE x; --\"")]
        [InlineData("o'brien", "\"o'brien\"")]
        [InlineData("back`tick", "\"back`tick\"")]
        [InlineData("naïve_表", "\"naïve_表\"")]
        public void PostgresDoublesDoubleQuotes(string name, string expected) => Assert.Equal(expected, Postgres.QuoteIdentifier(name));

        [Theory]
        [InlineData("users", "`users`")]
        [InlineData("users\"; DROP TABLE x; --", "`users\"; DROP TABLE x; --`")]
        [InlineData("back`tick", "`back``tick`")]
        [InlineData("`; DROP TABLE x; --", "```; DROP TABLE x; --`")]
        [InlineData("naïve_表", "`naïve_表`")]
        public void MySqlDoublesBackticks(string name, string expected) => Assert.Equal(expected, MySql.QuoteIdentifier(name));

        [Theory]
        [InlineData("users\"; DROP TABLE x; --", "\"users\"\"; DROP TABLE x; --\"")]
        [InlineData("[bracket]", "\"[bracket]\"")]
        public void SqliteDoublesDoubleQuotes(string name, string expected) => Assert.Equal(expected, Sqlite.QuoteIdentifier(name));

        [Fact]
        public void PostgresCountsTheLimitInBytes()
        {
            Assert.Equal(65, Postgres.QuoteIdentifier(new string('a', 63)).Length);
            AssertInvalid(() => Postgres.QuoteIdentifier(new string('a', 64)));

            // 'é' is two bytes in UTF-8: 32 of them are 64 bytes, one over the limit.
            Assert.NotNull(Postgres.QuoteIdentifier(new string('é', 31) + "a"));
            AssertInvalid(() => Postgres.QuoteIdentifier(new string('é', 32)));
        }

        [Fact]
        public void MySqlCountsTheLimitInCharacters()
        {
            Assert.NotNull(MySql.QuoteIdentifier(new string('é', 64)));
            AssertInvalid(() => MySql.QuoteIdentifier(new string('a', 65)));
        }

        [Fact]
        public void MySqlRejectsWhatItCannotStore()
        {
            AssertInvalid(() => MySql.QuoteIdentifier("trailing "));
            AssertInvalid(() => MySql.QuoteIdentifier("emoji_😀"));
        }

        [Theory]
        [MemberData(nameof(Dialects))]
        public void EmptyAndNulNamesAreRejectedEverywhere(string dialect)
        {
            ISqlDialect d = Pick(dialect);
            AssertInvalid(() => d.QuoteIdentifier(string.Empty));
            AssertInvalid(() => d.QuoteIdentifier("a\0b"));
        }

        [Theory]
        [MemberData(nameof(Dialects))]
        public void QualifiedNamesQuoteBothParts(string dialect)
        {
            ISqlDialect d = Pick(dialect);
            Assert.Equal(d.QuoteIdentifier("s.x") + "." + d.QuoteIdentifier("t.y"), d.QualifiedName("s.x", "t.y"));
            Assert.Equal(d.QuoteIdentifier("t"), d.QualifiedName(null, "t"));
        }

        [Fact]
        public void OnlyPostgresAndSqliteRollBackDdl()
        {
            Assert.True(Postgres.SupportsTransactionalDdl);
            Assert.True(Sqlite.SupportsTransactionalDdl);
            Assert.False(MySql.SupportsTransactionalDdl);
        }

        [Fact]
        public void SqliteHasNoSessionsToCancel()
        {
            var error = Assert.Throws<RollbackToolsException>(() => Sqlite.CancelQuerySql(1));
            Assert.Equal(ErrorIds.NotSupported, error.ErrorId);
            Assert.Contains("no server sessions", error.Message);
        }

        private static ISqlDialect Pick(string name) => name switch
        {
            "postgres" => Postgres,
            "mysql" => MySql,
            _ => Sqlite,
        };

        private static void AssertInvalid(System.Action action)
        {
            var error = Assert.Throws<RollbackToolsException>(action);
            Assert.Equal(ErrorIds.InvalidIdentifier, error.ErrorId);
        }
    }
}
