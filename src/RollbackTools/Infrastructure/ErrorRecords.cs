using System.Management.Automation;

namespace RollbackTools.Infrastructure
{
    /// <summary>Turns the engine's failures into ErrorRecords with their stable ErrorId and a deliberate category.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(RollbackToolsException exception) =>
            new ErrorRecord(exception, exception.ErrorId, Map(exception.Category), exception.Target);

        private static ErrorCategory Map(FailureCategory category) => category switch
        {
            FailureCategory.ConnectionError => ErrorCategory.ConnectionError,
            FailureCategory.AuthenticationError => ErrorCategory.AuthenticationError,
            FailureCategory.InvalidArgument => ErrorCategory.InvalidArgument,
            FailureCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
            FailureCategory.PermissionDenied => ErrorCategory.PermissionDenied,
            FailureCategory.NotImplemented => ErrorCategory.NotImplemented,
            FailureCategory.InvalidData => ErrorCategory.InvalidData,
            FailureCategory.ReadError => ErrorCategory.ReadError,
            FailureCategory.WriteError => ErrorCategory.WriteError,
            FailureCategory.OperationStopped => ErrorCategory.OperationStopped,
            FailureCategory.ResourceBusy => ErrorCategory.ResourceBusy,
            _ => ErrorCategory.InvalidOperation,
        };
    }
}
