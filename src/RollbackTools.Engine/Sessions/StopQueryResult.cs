using System;

namespace RollbackTools
{
    /// <summary>What Stop-MigrationQuery did to one session, and whether the query is really gone.</summary>
    public sealed class StopQueryResult : IHasTarget
    {
        internal StopQueryResult(long id, string action, DatabaseTarget database)
        {
            Id = id;
            Action = action;
            Target = database;
        }

        public long Id { get; }

        /// <summary>Cancel (the running statement) or Terminate (the whole session).</summary>
        public string Action { get; }

        /// <summary>True when, within -Wait, the session stopped running that query (or, terminated, was gone).</summary>
        public bool Stopped { get; internal set; }

        public string Detail { get; internal set; } = string.Empty;

        /// <summary>From the request to the query being gone, or to giving up, in milliseconds.</summary>
        public double ElapsedMs => Elapsed.TotalMilliseconds;

        internal TimeSpan Elapsed { get; set; }

        /// <summary>The query the session was running when it was stopped.</summary>
        public string? Query { get; internal set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;
    }
}
