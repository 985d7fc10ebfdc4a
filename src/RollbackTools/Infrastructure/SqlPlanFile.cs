using System.Collections.Generic;
using System.IO;
using System.Text;
using RollbackTools.Commands;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// -ScriptPath of Invoke-Migration and Undo-Migration: each database's SQL plan, one after another, written
    /// to the file once all are known. The file appears whole or not at all; the databases are only read.
    /// </summary>
    internal sealed class SqlPlanFile
    {
        private readonly RollbackToolsCmdlet cmdlet;
        private readonly string path;
        private readonly List<string> sections = new List<string>();

        public SqlPlanFile(RollbackToolsCmdlet cmdlet, string path)
        {
            this.cmdlet = cmdlet;
            this.path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        }

        public void Add(MigrationPlan plan) =>
            sections.Add(cmdlet.RunEngine((log, token) => new Migrator(log).ScriptAsync(plan, token)));

        public void Write()
        {
            string partial = path + ".partial";
            try
            {
                File.WriteAllText(partial, string.Join("\n", sections), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                File.Move(partial, path, overwrite: true);
            }
            catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
            {
                File.Delete(partial);
                throw new RollbackToolsException(ErrorIds.MigrationNotWritten, FailureCategory.WriteError, $"The SQL plan could not be written to '{path}': {ex.Message}", path, ex);
            }

            cmdlet.WriteObject(new FileInfo(path));
        }
    }
}
