using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// golang-migrate's {version}_{name}.up.sql / .down.sql, with our .verify.sql, a database infix
    /// ({version}_{name}.postgres.up.sql) and an .autocommit. infix for scripts that run outside a transaction.
    /// </summary>
    internal sealed class GolangMigrateFiles
    {
        private static readonly Regex Pattern = new Regex(@"^(?<v>\d+(?:\.\d+)*)_(?<name>.+)\.(?<kind>up|down|verify)\.sql$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private readonly DatabaseProvider? provider;
        private readonly HashSet<(MigrationVersion, string)> specific = new HashSet<(MigrationVersion, string)>();

        public GolangMigrateFiles(DatabaseProvider? provider) => this.provider = provider;

        public bool TryAdd(string file, FolderContents contents, FolderReader reader)
        {
            string fileName = Path.GetFileName(file);
            Match match = Pattern.Match(fileName);
            if (!match.Success)
            {
                return false;
            }

            MigrationVersion version = MigrationVersion.Parse(match.Groups["v"].Value);
            (string name, DatabaseProvider? dialect, bool autocommit) = Suffixes(match.Groups["name"].Value);
            string kind = match.Groups["kind"].Value.ToLowerInvariant();
            if (dialect != null && dialect != provider)
            {
                return true;
            }

            // The target's own file replaces the generic one of the same version and kind, whichever sorts first.
            if (dialect != null)
            {
                if (!specific.Add((version, kind)))
                {
                    throw new RollbackToolsException(ErrorIds.DuplicateMigrationVersion, FailureCategory.InvalidData, $"Version {version} has two {kind} scripts for this database: '{fileName}' is the second.", file);
                }

                contents.Forget(version, kind);
            }
            else if (specific.Contains((version, kind)))
            {
                return true;
            }

            string sql = reader.Read(file);
            switch (kind)
            {
                case "up":
                    contents.AddUp(new ScriptDraft(version, name, MigrationFormat.GolangMigrate, file, sql, !autocommit && MigrationDirectives.InTransaction(sql, file)));
                    break;
                case "down":
                    contents.AddDown(version, file, sql, !autocommit && MigrationDirectives.InTransaction(sql, file));
                    break;
                default:
                    contents.SetVerify(version, sql);
                    break;
            }

            return true;
        }

        /// <summary>
        /// The name without golang-migrate's infixes: a dialect (postgres, mysql, sqlite3 or sqlite) says which
        /// database the file is for, autocommit that it runs outside a transaction, in either order.
        /// </summary>
        private static (string Name, DatabaseProvider? Dialect, bool Autocommit) Suffixes(string name)
        {
            DatabaseProvider? dialect = null;
            bool autocommit = false;
            while (true)
            {
                int dot = name.LastIndexOf('.');
                string token = dot < 0 ? string.Empty : name.Substring(dot + 1).ToLowerInvariant();
                DatabaseProvider? named = DialectNames.Parse(token);
                if (named != null && dialect == null)
                {
                    dialect = named;
                }
                else if (token == "autocommit" && !autocommit)
                {
                    autocommit = true;
                }
                else
                {
                    return (name, dialect, autocommit);
                }

                name = name.Substring(0, dot);
            }
        }
    }
}
