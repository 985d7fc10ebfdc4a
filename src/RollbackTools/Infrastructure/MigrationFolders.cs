using System.Management.Automation;
using System.Text;

namespace RollbackTools.Infrastructure
{
    internal static class MigrationFolders
    {
        /// <summary>A folder as the operator typed it, resolved against the PowerShell location, with its scripts' encoding.</summary>
        public static MigrationFolder? Resolve(PSCmdlet cmdlet, string? path, Encoding? encoding) =>
            path == null ? null : new MigrationFolder(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path), encoding);
    }
}
