using System;
using System.Management.Automation;
using RollbackTools.Commands;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// The one way a -Database value becomes a target, for cmdlets, Connect-MigrationDatabase and tab
    /// completion alike: kept text is read (a connection string by -Provider's driver), -Credential sets user
    /// and password, -ConnectTimeout the connect limit, relative parts follow the caller's location, and no
    /// target at all means $env:DATABASE_URL.
    /// </summary>
    internal static class TargetResolver
    {
        public static DatabaseTarget Resolve(DatabaseTarget? given, string? provider, PSCredential? credential, TimeSpan? connectTimeout, Func<string, string> fullPath)
        {
            DatabaseTarget target = (given ?? FromEnvironment()).Resolve(ProviderNames.Parse(provider));
            if (credential != null)
            {
                target = target.WithCredential(credential.UserName, credential.Password);
            }

            if (connectTimeout.HasValue)
            {
                target = target.WithConnectTimeout(connectTimeout.Value);
            }

            return target.Locate(fullPath);
        }

        private static DatabaseTarget FromEnvironment()
        {
            string? url = Environment.GetEnvironmentVariable(RollbackToolsCmdlet.DatabaseUrlVariable);
            if (string.IsNullOrWhiteSpace(url))
            {
                throw new RollbackToolsException(
                    ErrorIds.DatabaseNotSpecified,
                    FailureCategory.InvalidArgument,
                    $"No database given: use -Database (a URL, a .db file or a Connect-MigrationDatabase object) or set $env:{RollbackToolsCmdlet.DatabaseUrlVariable}.");
            }

            return DatabaseTarget.Parse(url);
        }
    }
}
