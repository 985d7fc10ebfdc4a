using System;
using Xunit;

namespace RollbackTools.Engine.Tests.Connections
{
    public class ConnectionStringTests
    {
        [Fact]
        public void PostgresConnectionStringsAreReadByNpgsql()
        {
            DatabaseTarget target = DatabaseTarget.FromConnectionString(DatabaseProvider.PostgreSql, "Host=db1;Port=5433;Database=shop;Username=app;Password=pw-123;SSL Mode=Prefer");

            Assert.Equal("db1", target.Host);
            Assert.Equal(5433, target.Port);
            Assert.Equal("shop", target.DatabaseName);
            Assert.Equal("app", target.UserName);
            Assert.True(target.HasPassword);
            Assert.Equal("Prefer", target.Options["SSL Mode"]);
            Assert.DoesNotContain("pw-123", target.Url);
        }

        [Fact]
        public void MySqlConnectionStringsAreReadByMySqlConnector()
        {
            DatabaseTarget target = DatabaseTarget.FromConnectionString(DatabaseProvider.MySql, "Server=db2;Port=3307;Database=shop;User ID=app;Password=pw-456");

            Assert.Equal("db2", target.Host);
            Assert.Equal(3307, target.Port);
            Assert.Equal("app", target.UserName);
            Assert.Empty(target.Options);
            Assert.Equal("mysql://app@db2:3307/shop", target.Url);
        }

        [Fact]
        public void SqliteConnectionStringsNameTheFile()
        {
            DatabaseTarget target = DatabaseTarget.FromConnectionString(DatabaseProvider.Sqlite, "Data Source=/tmp/x.db;Mode=ReadOnly");

            Assert.Equal("/tmp/x.db", target.DatabaseName);
            Assert.Equal("ReadOnly", target.Options["Mode"]);
        }

        [Fact]
        public void AConnectionStringWithoutProviderWaitsForOne()
        {
            DatabaseTarget pending = DatabaseTarget.Parse("Host=db1;Database=shop;Username=app;Password=pw-789");

            Assert.Equal(DatabaseProvider.Unspecified, pending.Provider);
            Assert.DoesNotContain("pw-789", pending.ToString());
            DatabaseTarget resolved = pending.Resolve(DatabaseProvider.PostgreSql);
            Assert.Equal("db1", resolved.Host);
            Assert.True(resolved.HasPassword);
        }

        [Fact]
        public void AConnectionStringWithoutProviderCannotBeResolvedWithoutOne()
        {
            DatabaseTarget pending = DatabaseTarget.Parse("Host=db1;Database=shop");

            var error = Assert.Throws<RollbackToolsException>(() => pending.Resolve(DatabaseProvider.Unspecified));
            Assert.Equal(ErrorIds.InvalidDatabaseUrl, error.ErrorId);
        }

        [Fact]
        public void DeferredTextIsReadOnlyWhenResolved()
        {
            DatabaseTarget deferred = DatabaseTarget.Defer("oracle://scott:tiger@db1/orcl");

            Assert.Equal(DatabaseProvider.Unspecified, deferred.Provider);
            var error = Assert.Throws<RollbackToolsException>(() => deferred.Resolve(DatabaseProvider.Unspecified));
            Assert.Equal(ErrorIds.InvalidDatabaseUrl, error.ErrorId);
            Assert.Equal("db1", DatabaseTarget.Defer("mysql://app@db1/shop").Resolve(DatabaseProvider.PostgreSql).Host);
        }

        [Fact]
        public void ADeferredConnectionStringKeepsItsOwnTimeoutUnlessOneIsGiven()
        {
            Assert.Equal(TimeSpan.FromSeconds(60), DatabaseTarget.Defer("Host=db1;Timeout=60").Resolve(DatabaseProvider.PostgreSql).ConnectTimeout);
            Assert.Equal(TimeSpan.FromSeconds(5), DatabaseTarget.Defer("Host=db1;Timeout=60").WithConnectTimeout(TimeSpan.FromSeconds(5)).Resolve(DatabaseProvider.PostgreSql).ConnectTimeout);
            Assert.Equal(DatabaseTarget.DefaultConnectTimeout, DatabaseTarget.Defer("Host=db1").Resolve(DatabaseProvider.PostgreSql).ConnectTimeout);
        }

        [Fact]
        public void AKeywordTheDriverDoesNotKnowIsInvalid()
        {
            var error = Assert.Throws<RollbackToolsException>(() => DatabaseTarget.FromConnectionString(DatabaseProvider.PostgreSql, "Host=db1;Frobnicate=yes"));

            Assert.Equal(ErrorIds.InvalidDatabaseUrl, error.ErrorId);
        }
    }
}
