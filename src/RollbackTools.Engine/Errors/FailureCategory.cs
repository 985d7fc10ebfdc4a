namespace RollbackTools
{
    /// <summary>
    /// The engine's own classification of a failure. The cmdlets map each value to one
    /// PowerShell ErrorCategory; the engine stays free of PowerShell types.
    /// </summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum FailureCategory : long
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
