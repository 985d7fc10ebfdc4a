using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Sessions
{
    /// <summary>How one server lists its sessions and who blocks whom. The calling session is never listed.</summary>
    internal interface ISessionMonitor
    {
        Task<IReadOnlyList<ActiveQuery>> ListAsync(DatabaseSession session, bool includeIdle, CancellationToken cancellationToken);
    }
}
