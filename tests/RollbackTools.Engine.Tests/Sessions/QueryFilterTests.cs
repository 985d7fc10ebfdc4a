using System;
using RollbackTools.Engine.Dialects;
using Xunit;

namespace RollbackTools.Engine.Tests.Sessions
{
    public sealed class QueryFilterTests
    {
        private static readonly DatabaseTarget Database = DatabaseTarget.Parse("sqlite::memory:");

        [Theory]
        [InlineData("%ALTER TABLE%", "  alter table users add column x int", true)]
        [InlineData("%ALTER TABLE%", "SELECT 1", false)]
        [InlineData("ALTER%", "  ALTER TABLE x", false)]
        [InlineData("SELECT _", "SELECT 1", true)]
        [InlineData("SELECT _", "SELECT 10", false)]
        [InlineData("%100\\%%", "UPDATE t SET p = '100%'", true)]
        [InlineData("%100\\%%", "UPDATE t SET p = '1000'", false)]
        [InlineData("%(x)%", "SELECT f(x)", true)]
        public void PatternIsSqlLike(string pattern, string query, bool expected) =>
            Assert.Equal(expected, new QueryFilter { Pattern = pattern }.Matches(Query(query)));

        [Fact]
        public void FiltersCombine()
        {
            ActiveQuery blocker = Query("UPDATE accounts SET x = 1");
            blocker.Blocking = 1;
            blocker.User = "app";
            blocker.Duration = TimeSpan.FromMinutes(5);

            Assert.True(new QueryFilter { Blocking = true, User = new[] { "APP" }, MinDuration = TimeSpan.FromMinutes(1), Match = "^update" }.Matches(blocker));
            Assert.False(new QueryFilter { Blocked = true }.Matches(blocker));
            Assert.False(new QueryFilter { MinDuration = TimeSpan.FromMinutes(10) }.Matches(blocker));
            Assert.False(new QueryFilter { User = new[] { "other" } }.Matches(blocker));
        }

        [Fact]
        public void AQueryWithoutTextMatchesNoPattern() =>
            Assert.False(new QueryFilter { Pattern = "%" }.Matches(new ActiveQuery(1, Database)));

        [Fact]
        public void SessionTimeoutsAreSetForTheSessionOnly()
        {
            Assert.Equal(
                new[] { "SET lock_timeout = '3000ms'", "SET statement_timeout = '600000ms'" },
                new PostgresDialect().SessionTimeoutSql(TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(10)));
            Assert.Equal(
                new[] { "SET SESSION lock_wait_timeout = 1", "SET SESSION innodb_lock_wait_timeout = 1" },
                new MySqlDialect().SessionTimeoutSql(TimeSpan.FromMilliseconds(200), null));
            Assert.Empty(new PostgresDialect().SessionTimeoutSql(null, null));
            Assert.Empty(new SqliteDialect().SessionTimeoutSql(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        }

        private static ActiveQuery Query(string text) => new ActiveQuery(1, Database) { Query = text, State = "active" };
    }
}
