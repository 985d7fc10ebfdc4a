using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>One other session on the server: what it runs, since when, what it waits for and whom it blocks.</summary>
    public sealed class ActiveQuery : IHasTarget
    {
        internal ActiveQuery(long id, DatabaseTarget database)
        {
            Id = id;
            Target = database;
        }

        /// <summary>The server's session id: the PostgreSQL backend pid, the MySQL/MariaDB connection id.</summary>
        public long Id { get; }

        public string? User { get; internal set; }

        /// <summary>The database the session is connected to.</summary>
        public string? DatabaseName { get; internal set; }

        /// <summary>active, idle, idle in transaction, ...</summary>
        public string State { get; internal set; } = string.Empty;

        /// <summary>How long the current statement (or, when idle, the current state) has lasted, in milliseconds.</summary>
        public double DurationMs => Duration.TotalMilliseconds;

        internal TimeSpan Duration { get; set; }

        public string? Query { get; internal set; }

        /// <summary>What the session waits for, as the server names it (Lock: relation, Waiting for table metadata lock).</summary>
        public string? WaitEvent { get; internal set; }

        /// <summary>The sessions holding what this one waits for.</summary>
        public ReadableList<long> BlockedBy { get; internal set; } = ReadableList<long>.Empty;

        /// <summary>How many sessions wait for this one.</summary>
        public int Blocking { get; internal set; }

        public bool InTransaction { get; internal set; }

        public string? ClientAddress { get; internal set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public override string ToString() => $"{Id} {State}: {Query}";
    }
}
