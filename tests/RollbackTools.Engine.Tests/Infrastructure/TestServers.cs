using System;

namespace RollbackTools.Engine.Tests.Infrastructure
{
    /// <summary>
    /// The servers the tests run against, from ROLLBACKTOOLS_TEST_POSTGRES and ROLLBACKTOOLS_TEST_MYSQL
    /// (set by build.ps1 Test, or by a pipeline's service containers).
    /// </summary>
    internal static class TestServers
    {
        public const string PostgresVariable = "ROLLBACKTOOLS_TEST_POSTGRES";
        public const string MySqlVariable = "ROLLBACKTOOLS_TEST_MYSQL";

        public static DatabaseTarget Admin(DatabaseProvider provider)
        {
            string variable = provider == DatabaseProvider.PostgreSql ? PostgresVariable : MySqlVariable;
            string? url = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(url))
            {
                throw new InvalidOperationException($"{variable} is not set: run the tests through 'build.ps1 Test', which provisions the servers, or point it at a server.");
            }

            return DatabaseTarget.Parse(url);
        }
    }
}
