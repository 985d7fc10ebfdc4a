using System.IO;
using System.Linq;

namespace RollbackTools.Engine.Recovery
{
    internal static class RecoveryFolders
    {
        /// <summary>Base backups and recovered copies are written into new folders, never over anything.</summary>
        public static void RequireEmpty(string path, string what)
        {
            if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"'{path}' exists and is not empty; {what} is written into a new folder, never over anything.", path);
            }
        }
    }
}
