using System;

namespace RollbackTools
{
    /// <summary>Whether a base backup's files are still as they were when it was taken, and why not.</summary>
    public sealed class BaseBackupTestResult : IHasTarget
    {
        internal BaseBackupTestResult(BaseBackup backup, string? problem)
        {
            Path = backup.Path;
            CreatedAt = backup.CreatedAt;
            Passed = problem == null;
            Reason = problem ?? "Every file is as recorded when it was taken.";
            Target = backup.Target;
        }

        public string Path { get; }

        public DateTimeOffset CreatedAt { get; }

        public bool Passed { get; }

        public string Reason { get; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public override string ToString() => $"{Path}: {(Passed ? "passed" : Reason)}";
    }
}
