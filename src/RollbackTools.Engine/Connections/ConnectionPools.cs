using System;
using System.Data.Common;

namespace RollbackTools.Engine.Connections
{
    /// <summary>
    /// The drivers keep a database's connections open for minutes after their last use. Across a fleet that
    /// adds up to one idle connection per database touched, hundreds on one server; released once a
    /// database's work is done, a fleet holds at most its throttle limit's worth.
    /// </summary>
    internal static class ConnectionPools
    {
        public static void Release(DatabaseTarget target)
        {
            try
            {
                using DbConnection connection = target.Driver.CreateConnection(target);
                target.Driver.ClearPool(connection);
            }
            catch (Exception ex) when (ex is RollbackToolsException or ArgumentException or InvalidOperationException)
            {
                // A target that cannot even make a connection string has no pool; its error was reported where it was used.
            }
        }
    }
}
