namespace RollbackTools
{
    /// <summary>Where one migration stands in one database.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum MigrationState : long
    {
        /// <summary>On disk, not applied (or an earlier attempt failed and was rolled back).</summary>
        Pending,

        Applied,

        /// <summary>The last attempt failed and was rolled back; the next run tries again.</summary>
        Failed,

        /// <summary>Partly applied on a database without transactional DDL; runs refuse until an operator acts.</summary>
        Dirty,

        /// <summary>Applied, but its file is no longer in the folder.</summary>
        Missing,

        /// <summary>Applied, but its file changed since.</summary>
        Modified,
    }

    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum MigrationDirection : long
    {
        Up,
        Down,
    }

    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum MigrationStatus : long
    {
        Succeeded,
        Failed,

        /// <summary>Not run: another runner applied it first, or an earlier step failed.</summary>
        Skipped,

        /// <summary>Ran, then undone with a later failure in the same -SingleTransaction run.</summary>
        RolledBack,

        /// <summary>Recorded as applied without running (-Baseline): the database already had it.</summary>
        Baselined,
    }

    /// <summary>Why a migration step failed.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum FailureReason : long
    {
        /// <summary>A statement failed, or the verify script did.</summary>
        Error,

        /// <summary>Ctrl+C, a pipeline cancel, or Stop-MigrationQuery.</summary>
        Cancelled,

        /// <summary>A statement waited longer than -LockTimeout for a lock.</summary>
        LockTimeout,

        /// <summary>A statement ran longer than -StatementTimeout.</summary>
        StatementTimeout,
    }
}
