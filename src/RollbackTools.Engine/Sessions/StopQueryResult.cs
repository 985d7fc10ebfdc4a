using System;

namespace RollbackTools
{
    /// <summary>What Stop-MigrationQuery did to one session, and whether the query is really gone.</summary>
    public sealed class StopQueryResult
    {
        internal StopQueryResult(long id, string action, DatabaseTarget database)
        {
            Id = id;
            Action = action;
            Database = database;
        }

        public long Id { get; }

        /// <summary>Cancel (the running statement) or Terminate (the whole session).</summary>
        public string Action { get; }

        /// <summary>True when, within -Wait, the session stopped running that query (or, terminated, was gone).</summary>
        public bool Stopped { get; internal set; }

        public string Detail { get; internal set; } = string.Empty;

        /// <summary>From the request to the query being gone, or to giving up.</summary>
        public TimeSpan Elapsed { get; internal set; }

        /// <summary>The query the session was running when it was stopped.</summary>
        public string? Query { get; internal set; }

        public DatabaseTarget Database { get; }
    }
}
