using System;

namespace RollbackTools
{
    /// <summary>
    /// A failure the engine understood: it carries the stable ErrorId, its category and the object
    /// it concerns, and keeps the driver's exception as InnerException for diagnosis.
    /// </summary>
    public sealed class RollbackToolsException : Exception
    {
        public RollbackToolsException(string errorId, FailureCategory category, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        public string ErrorId { get; }

        public FailureCategory Category { get; }

        public object? Target { get; }

        /// <summary>The database's own code for the error (SQLSTATE on PostgreSQL, the error number on MySQL and SQLite); null when it gave none.</summary>
        public string? ServerCode { get; init; }
    }
}
