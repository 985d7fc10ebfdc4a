using System.Linq;
using Xunit;

namespace RollbackTools.Engine.Tests.Connections
{
    public class DatabaseUrlTests
    {
        [Fact]
        public void PostgresUrlKeepsEveryPartButShowsNoPassword()
        {
            DatabaseTarget target = DatabaseTarget.Parse("postgres://app:s%40cret@db1:6543/shop?sslmode=prefer");

            Assert.Equal(DatabaseProvider.PostgreSql, target.Provider);
            Assert.Equal("db1", target.Host);
            Assert.Equal(6543, target.Port);
            Assert.Equal("shop", target.DatabaseName);
            Assert.Equal("app", target.UserName);
            Assert.True(target.HasPassword);
            Assert.Equal("prefer", target.Options["sslmode"]);
            Assert.Equal("postgres://app@db1:6543/shop?sslmode=prefer", target.Url);
        }

        [Theory]
        [InlineData("postgres://app@db1/shop?connect_timeout=7&application_name=rbt")]
        [InlineData("postgres://app@db1/shop?timeout=7&application_name=rbt")]
        [InlineData("mysql://app@db1/shop?Connect%20Timeout=7&application_name=rbt")]
        public void EverySpellingOfTheConnectTimeoutBecomesTheOneLimit(string url)
        {
            DatabaseTarget target = DatabaseTarget.Parse(url);

            Assert.Equal(System.TimeSpan.FromSeconds(7), target.ConnectTimeout);
            Assert.Equal(new[] { "application_name" }, target.Options.Keys);
            Assert.Equal(System.TimeSpan.FromSeconds(2), target.WithConnectTimeout(System.TimeSpan.FromSeconds(2)).ConnectTimeout);
        }

        [Theory]
        [InlineData("postgres://app@db1/shop?connect_timeout=soon")]
        [InlineData("postgres://app@db1/shop?connect_timeout=0")]
        public void AConnectTimeoutThatIsNotSecondsIsRefused(string url) =>
            Assert.Equal(ErrorIds.InvalidDatabaseUrl, Assert.Throws<RollbackToolsException>(() => DatabaseTarget.Parse(url)).ErrorId);

        [Theory]
        [InlineData("postgres://app@db1/shop", DatabaseProvider.PostgreSql, 5432)]
        [InlineData("postgresql://app@db1/shop", DatabaseProvider.PostgreSql, 5432)]
        [InlineData("mysql://app@db1/shop", DatabaseProvider.MySql, 3306)]
        [InlineData("mariadb://app@db1:3307/shop", DatabaseProvider.MySql, 3307)]
        public void SchemesSelectTheProviderAndItsDefaultPort(string url, DatabaseProvider provider, int port)
        {
            DatabaseTarget target = DatabaseTarget.Parse(url);

            Assert.Equal(provider, target.Provider);
            Assert.Equal(port, target.Port);
            Assert.Equal("shop", target.DatabaseName);
            Assert.False(target.HasPassword);
        }

        [Fact]
        public void AServerUrlWithoutDatabaseUsesTheServersDefault()
        {
            Assert.Equal("postgres", DatabaseTarget.Parse("postgres://app@db1").DatabaseName);
            Assert.Equal("mysql", DatabaseTarget.Parse("mysql://app@db1").DatabaseName);
        }

        [Fact]
        public void Ipv6HostsLoseTheirBrackets()
        {
            Assert.Equal("::1", DatabaseTarget.Parse("postgres://app@[::1]:5432/shop").Host);
        }

        [Theory]
        [InlineData("sqlite:data/app.db", "data/app.db")]
        [InlineData("sqlite:///var/lib/app.db", "/var/lib/app.db")]
        [InlineData("sqlite://relative.sqlite3", "relative.sqlite3")]
        [InlineData("./shop.db", "./shop.db")]
        [InlineData("/tmp/shop.sqlite", "/tmp/shop.sqlite")]
        [InlineData(@"C:\data\shop.db", @"C:\data\shop.db")]
        [InlineData("sqlite::memory:", ":memory:")]
        public void SqliteUrlsAndPathsNameTheFile(string text, string file)
        {
            DatabaseTarget target = DatabaseTarget.Parse(text);

            Assert.Equal(DatabaseProvider.Sqlite, target.Provider);
            Assert.Equal(file, target.DatabaseName);
        }

        [Theory]
        [InlineData("oracle://scott:tiger@db1/orcl")]
        [InlineData("mongodb://db1/app")]
        [InlineData("just some words")]
        [InlineData("")]
        [InlineData("sqlite:")]
        public void UnknownOrBrokenUrlsAreInvalidDatabaseUrl(string text)
        {
            var error = Assert.Throws<RollbackToolsException>(() => DatabaseTarget.Parse(text));

            Assert.Equal(ErrorIds.InvalidDatabaseUrl, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }

        [Fact]
        public void AnUnknownSchemeErrorDoesNotEchoThePassword()
        {
            var error = Assert.Throws<RollbackToolsException>(() => DatabaseTarget.Parse("oracle://scott:tiger-secret@db1/orcl"));

            Assert.DoesNotContain("tiger-secret", error.Message);
        }

        [Fact]
        public void AnOptionTheDriverDoesNotKnowIsRejected()
        {
            var error = Assert.Throws<RollbackToolsException>(() => DatabaseTarget.Parse("postgres://app@db1/shop?frobnicate=1"));

            Assert.Equal(ErrorIds.InvalidDatabaseUrl, error.ErrorId);
        }

        [Fact]
        public void APasswordHiddenInAnOptionIsRejected()
        {
            var error = Assert.Throws<RollbackToolsException>(() => DatabaseTarget.Parse("postgres://app@db1/shop?password=hunter2"));

            Assert.Equal(ErrorIds.InvalidDatabaseUrl, error.ErrorId);
            Assert.DoesNotContain("hunter2", error.Message);
        }

        [Fact]
        public void LibpqOptionNamesAreTranslatedForTheDriver()
        {
            DatabaseTarget target = DatabaseTarget.Parse("postgres://app@db1/shop?sslmode=require&application_name=deploy");

            Assert.Equal(new[] { "application_name", "sslmode" }, target.Options.Keys.ToArray());
        }
    }
}
