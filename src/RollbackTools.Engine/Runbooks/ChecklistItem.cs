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
    public sealed class ChecklistItem
    {
        public ChecklistItem(string name, ChecklistStatus status, string detail, string? fix = null)
        {
            Name = name;
            Status = status;
            Detail = detail;
            Fix = fix;
        }

        /// <summary>The database checked, shown by its URL without password.</summary>
        public DatabaseTarget? Database { get; set; }

        public string Name { get; }

        public ChecklistStatus Status { get; }

        public string Detail { get; }

        /// <summary>How to make it pass.</summary>
        public string? Fix { get; }

        public override string ToString() => $"[{Status}] {Name}: {Detail}";
    }
}
