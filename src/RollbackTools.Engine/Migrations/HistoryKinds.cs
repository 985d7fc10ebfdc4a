namespace RollbackTools
{
    /// <summary>What a history row records.</summary>
    public enum HistoryAction
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
    public enum HistoryStatus
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
