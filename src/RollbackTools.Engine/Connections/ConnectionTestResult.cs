using System;

namespace RollbackTools
{
    /// <summary>What Test-MigrationConnection found: enough to decide whether a migration can run here.</summary>
    public sealed class ConnectionTestResult : IHasTarget
    {
        internal ConnectionTestResult(DatabaseTarget target, string serverVersion, string? currentUser, long? sessionId, TimeSpan connectTime, TimeSpan latency, bool transactionalDdl)
        {
            Target = target;
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

        /// <summary>How long opening the connection took, in milliseconds.</summary>
        public double ConnectTimeMs => ConnectTime.TotalMilliseconds;

        internal TimeSpan ConnectTime { get; }

        /// <summary>Median round trip of a trivial query, in milliseconds.</summary>
        public double LatencyMs => Latency.TotalMilliseconds;

        internal TimeSpan Latency { get; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;
    }
}
