using System;
using System.Collections.Generic;

namespace RollbackTools.Engine.Connections
{
    /// <summary>One command of a batch: its SQL and its parameters, values never spliced into the text.</summary>
    internal sealed record BatchedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
    {
        public BatchedCommand(string sql)
            : this(sql, Array.Empty<(string, object?)>())
        {
        }
    }

    /// <summary>How a batch ended: every command done, or the index of the one that failed (-1 when unknown) and its error.</summary>
    internal sealed record BatchOutcome(int FailedIndex, RollbackToolsException? Error)
    {
        public static readonly BatchOutcome Succeeded = new BatchOutcome(-1, null);
    }
}
