using System;

namespace RollbackTools
{
    /// <summary>What Test-MigrationConnection found: enough to decide whether a migration can run here.</summary>
    public sealed class ConnectionTestResult
    {
        internal ConnectionTestResult(DatabaseTarget target, string serverVersion, string? currentUser, long? sessionId, TimeSpan connectTime, TimeSpan latency, bool transactionalDdl)
        {
            Database = target;
            Provider = target.Provider;
            Url = target.Url;
            ServerVersion = serverVersion;
            CurrentUser = currentUser;
            SessionId = sessionId;
            ConnectTime = connectTime;
            Latency = latency;
            TransactionalDdl = transactionalDdl;
        }

        public DatabaseProvider Provider { get; }

        public string Url { get; }

        public string ServerVersion { get; }

        /// <summary>Whether a failed migration's DDL rolls back with its transaction.</summary>
        public bool TransactionalDdl { get; }

        /// <summary>The user the server sees; empty on SQLite, which has none.</summary>
        public string? CurrentUser { get; }

        public long? SessionId { get; }

        public TimeSpan ConnectTime { get; }

        /// <summary>Median round trip of a trivial query.</summary>
        public TimeSpan Latency { get; }

        /// <summary>The target tested, so the result pipes on to cmdlets that take -Database by property name.</summary>
        public DatabaseTarget Database { get; }
    }
}
