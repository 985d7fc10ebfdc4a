namespace RollbackTools
{
    /// <summary>How a checklist item came out.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum ChecklistStatus : long
    {
        Pass,
        Warn,
        Fail,
        Skipped,
    }

    /// <summary>One item of the seed's pre-migration checklist, checked.</summary>
    public sealed class ChecklistItem : IHasTarget
    {
        public ChecklistItem(string name, ChecklistStatus status, string detail, string? fix = null)
        {
            Name = name;
            Status = status;
            Detail = detail;
            Fix = fix;
        }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string? Database => Target?.Url;

        internal DatabaseTarget? Target { get; set; }

        DatabaseTarget? IHasTarget.Target => Target;

        public string Name { get; }

        public ChecklistStatus Status { get; }

        public string Detail { get; }

        /// <summary>How to make it pass.</summary>
        public string? Fix { get; }

        public override string ToString() => $"[{Status}] {Name}: {Detail}";
    }
}
