using System.Security;
using System.Text.Json;
using Xunit;

namespace RollbackTools.Engine.Tests.Connections
{
    public class RedactionTests
    {
        private const string Secret = "Tr0ub4dor&3-secret";

        [Fact]
        public void NoPublicViewOfATargetShowsItsPassword()
        {
            DatabaseTarget target = DatabaseTarget.Parse("postgres://app:" + System.Uri.EscapeDataString(Secret) + "@db1/shop");

            Assert.DoesNotContain(Secret, target.ToString());
            Assert.DoesNotContain(Secret, target.Url);
            Assert.DoesNotContain(Secret, JsonSerializer.Serialize(target));
        }

        [Fact]
        public void ACredentialReplacesUserAndPasswordWithoutShowingIt()
        {
            var password = new SecureString();
            foreach (char c in Secret)
            {
                password.AppendChar(c);
            }

            DatabaseTarget target = DatabaseTarget.Parse("mysql://old@db1/shop").WithCredential("deployer", password);

            Assert.Equal("deployer", target.UserName);
            Assert.True(target.HasPassword);
            Assert.Equal("mysql://deployer@db1:3306/shop", target.ToString());
        }

        [Fact]
        public void TheConnectionTheDriverGetsCarriesThePassword()
        {
            DatabaseTarget target = DatabaseTarget.Parse("postgres://app:" + System.Uri.EscapeDataString(Secret) + "@db1/shop");

            using var connection = RollbackTools.Engine.Providers.ProviderRegistry.Get(target.Provider).CreateConnection(target);
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection.ConnectionString);
            Assert.Equal(Secret, builder.Password);
        }
    }
}
