namespace RollbackTools
{
    /// <summary>
    /// The engine's own classification of a failure. The cmdlets map each value to one
    /// PowerShell ErrorCategory; the engine stays free of PowerShell types.
    /// </summary>
    public enum FailureCategory
    {
        ConnectionError,
        AuthenticationError,
        InvalidArgument,
        ObjectNotFound,
        PermissionDenied,
        NotImplemented,
        InvalidOperation,
        InvalidData,
        ReadError,
        WriteError,
        OperationStopped,
        ResourceBusy,
    }
}
