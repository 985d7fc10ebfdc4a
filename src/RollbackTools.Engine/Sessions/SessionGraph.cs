using System.Collections.Generic;
using System.Linq;

namespace RollbackTools.Engine.Sessions
{
    internal static class SessionGraph
    {
        /// <summary>Fills in how many listed sessions each one blocks.</summary>
        public static IReadOnlyList<ActiveQuery> CountBlocking(IReadOnlyList<ActiveQuery> sessions)
        {
            foreach (ActiveQuery query in sessions)
            {
                query.Blocking = sessions.Count(other => other.BlockedBy.Contains(query.Id));
            }

            return sessions;
        }
    }
}
