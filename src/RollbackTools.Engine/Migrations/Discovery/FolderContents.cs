using System.Collections.Generic;
using System.IO;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// What the format readers found in one folder: the up scripts by version, and the down and verify
    /// scripts that come in files of their own. Two scripts claiming one version are refused, whichever
    /// formats they are written in.
    /// </summary>
    internal sealed class FolderContents
    {
        private readonly Dictionary<MigrationVersion, ScriptDraft> ups = new Dictionary<MigrationVersion, ScriptDraft>();
        private readonly Dictionary<MigrationVersion, (string Path, string Sql, bool InTransaction)> downs = new Dictionary<MigrationVersion, (string, string, bool)>();
        private readonly Dictionary<MigrationVersion, string> verifies = new Dictionary<MigrationVersion, string>();

        public void AddUp(ScriptDraft draft)
        {
            if (ups.ContainsKey(draft.Version))
            {
                throw new RollbackToolsException(ErrorIds.DuplicateMigrationVersion, FailureCategory.InvalidData, $"Version {draft.Version} appears twice: '{Path.GetFileName(draft.Path)}' repeats an earlier migration's version.", draft.Path);
            }

            ups[draft.Version] = draft;
        }

        public void AddDown(MigrationVersion version, string file, string sql, bool inTransaction)
        {
            if (downs.ContainsKey(version))
            {
                throw new RollbackToolsException(ErrorIds.DuplicateMigrationVersion, FailureCategory.InvalidData, $"Version {version} has two down scripts: '{Path.GetFileName(file)}' is the second.", file);
            }

            downs[version] = (file, sql, inTransaction);
        }

        public void SetVerify(MigrationVersion version, string sql) => verifies[version] = sql;

        /// <summary>Drops what a generic file gave for a version, before the target's own file takes its place.</summary>
        public void Forget(MigrationVersion version, string kind)
        {
            _ = kind switch
            {
                "up" => ups.Remove(version),
                "down" => downs.Remove(version),
                _ => verifies.Remove(version),
            };
        }

        public List<MigrationScript> Build()
        {
            foreach (KeyValuePair<MigrationVersion, (string Path, string Sql, bool InTransaction)> down in downs)
            {
                if (!ups.ContainsKey(down.Key))
                {
                    throw new RollbackToolsException(ErrorIds.OrphanDownScript, FailureCategory.InvalidData, $"'{Path.GetFileName(down.Value.Path)}' is a down script without an up script for version {down.Key}.", down.Value.Path);
                }
            }

            var scripts = new List<MigrationScript>(ups.Count);
            foreach (ScriptDraft draft in ups.Values)
            {
                if (downs.TryGetValue(draft.Version, out (string Path, string Sql, bool InTransaction) file))
                {
                    draft.DownSql = file.Sql;
                    draft.DownPath = file.Path;
                    draft.DownInTransaction = file.InTransaction;
                    draft.DownLine = 0;
                }

                if (verifies.TryGetValue(draft.Version, out string? verify))
                {
                    draft.VerifySql = verify;
                }

                scripts.Add(draft.ToScript());
            }

            scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
            return scripts;
        }
    }
}
