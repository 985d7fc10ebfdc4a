using System;

namespace RollbackTools.Engine.Storage
{
    /// <summary>
    /// How long a backup or a soft-deleted object is kept. The expiry is stored as a date, so the period must
    /// end before dates do; a century is the limit, far past any retention policy and far before year 9999.
    /// </summary>
    internal static class Retention
    {
        public static readonly TimeSpan Longest = TimeSpan.FromDays(36525);

        public static TimeSpan Checked(TimeSpan retainFor)
        {
            if (retainFor <= TimeSpan.Zero || retainFor > Longest)
            {
                throw new RollbackToolsException(
                    ErrorIds.InvalidRetention,
                    FailureCategory.InvalidArgument,
                    $"-RetainFor must be more than zero and at most {Longest.TotalDays:0} days (100 years), not {retainFor.TotalDays:0.##} days.",
                    retainFor);
            }

            return retainFor;
        }
    }
}
