using System;
using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>One other session on the server: what it runs, since when, what it waits for and whom it blocks.</summary>
    public sealed class ActiveQuery
    {
        internal ActiveQuery(long id, DatabaseTarget database)
        {
            Id = id;
            Database = database;
        }

        /// <summary>The server's session id: the PostgreSQL backend pid, the MySQL/MariaDB connection id.</summary>
        public long Id { get; }

        public string? User { get; internal set; }

        /// <summary>The database the session is connected to.</summary>
        public string? DatabaseName { get; internal set; }

        /// <summary>active, idle, idle in transaction, ...</summary>
        public string State { get; internal set; } = string.Empty;

        /// <summary>How long the current statement (or, when idle, the current state) has lasted.</summary>
        public TimeSpan Duration { get; internal set; }

        public string? Query { get; internal set; }

        /// <summary>What the session waits for, as the server names it (Lock: relation, Waiting for table metadata lock).</summary>
        public string? WaitEvent { get; internal set; }

        /// <summary>The sessions holding what this one waits for.</summary>
        public IReadOnlyList<long> BlockedBy { get; internal set; } = Array.Empty<long>();

        /// <summary>How many sessions wait for this one.</summary>
        public int Blocking { get; internal set; }

        public bool InTransaction { get; internal set; }

        public string? ClientAddress { get; internal set; }

        /// <summary>The database target, so a piped query needs no -Database.</summary>
        public DatabaseTarget Database { get; }

        public override string ToString() => $"{Id} {State}: {Query}";
    }
}
