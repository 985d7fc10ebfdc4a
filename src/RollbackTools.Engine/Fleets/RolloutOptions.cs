using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>Which databases of the rollout a failure takes back.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum RollbackScope : long
    {
        /// <summary>The databases of the wave that failed.</summary>
        Wave,

        /// <summary>Every database the rollout changed, the earlier waves too.</summary>
        All,
    }

    /// <summary>How a release goes out to many databases.</summary>
    public sealed class RolloutOptions
    {
        /// <summary>How many databases run at once, each with its own session, lock and journal.</summary>
        public int ThrottleLimit { get; set; } = 4;

        public IReadOnlyList<WaveSize> Waves { get; set; } = new[] { WaveSize.Parse("*") };

        /// <summary>How many databases of a wave may fail before the rollout stops.</summary>
        public int MaxFailures { get; set; }

        public bool RollbackOnFailure { get; set; }

        public RollbackScope RollbackScope { get; set; } = RollbackScope.Wave;
    }
}
