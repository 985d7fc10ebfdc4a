namespace RollbackTools
{
    /// <summary>What a history row records.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum HistoryAction : long
    {
        /// <summary>Written by a release that knew an action this one does not.</summary>
        Unknown,
        Up,
        Down,
        ForceDown,
        SetState,
        Baseline,
        Import,
        RollbackPlan,
        Restore,
        Cancel,
        Terminate,
        SoftDelete,
        Drop,
        RestorePoint,
    }

    /// <summary>How it ended.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum HistoryStatus : long
    {
        /// <summary>Written by a release that knew a status this one does not.</summary>
        Unknown,
        Succeeded,
        Failed,
        Dirty,
        Applied,
        Pending,
        Retry,
    }
}
