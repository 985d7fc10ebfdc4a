using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// Finds migrations in a folder, in the formats teams already have: golang-migrate
    /// ({version}_{name}.up.sql / .down.sql), Flyway (V{version}__{desc}.sql / U{version}__{desc}.sql),
    /// dbmate and goose ({version}_{name}.sql with sections), Liquibase formatted SQL (changesets) and
    /// Sqitch (sqitch.plan with deploy/, revert/, verify/). A {version}_{name}.verify.sql runs after up in any
    /// format. Each reader lives in Discovery/.
    /// </summary>
    internal static class MigrationDiscovery
    {
        /// <param name="folder">The folder, and the scripts' encoding when it is not UTF-8.</param>
        /// <param name="provider">
        /// The target's database: its own {version}_{name}.{dialect}.up.sql files win over the generic ones,
        /// other databases' files and Liquibase changesets for another dbms are passed over. Without it,
        /// only generic files count.
        /// </param>
        public static IReadOnlyList<MigrationScript> Discover(MigrationFolder folder, DatabaseProvider? provider = null)
        {
            string path = folder.Path;
            if (!Directory.Exists(path))
            {
                throw new RollbackToolsException(ErrorIds.MigrationPathNotFound, FailureCategory.ObjectNotFound, $"The migrations folder '{path}' does not exist.", path);
            }

            var reader = new FolderReader(folder.Encoding);
            var contents = new FolderContents();
            var golang = new GolangMigrateFiles(provider);
            var liquibase = new List<(string File, string Sql)>();
            foreach (string file in Directory.EnumerateFiles(path, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
            {
                if (golang.TryAdd(file, contents, reader) || FlywayFiles.TryAdd(file, contents, reader))
                {
                    continue;
                }

                bool numbered = SectionedFiles.Matches(Path.GetFileName(file), out MigrationVersion? version, out string name);
                if (!numbered && !LiquibaseFiles.IsLiquibase(reader.Head(file)))
                {
                    continue;
                }

                string sql = reader.Read(file);
                if (LiquibaseFiles.IsLiquibase(sql))
                {
                    liquibase.Add((file, sql));
                }
                else if (numbered && SectionedFiles.IsGoose(sql))
                {
                    contents.AddUp(SectionedFiles.ReadGoose(version!, name, file, sql));
                }
                else if (numbered)
                {
                    contents.AddUp(SectionedFiles.ReadDbmate(version!, name, file, sql));
                }
            }

            LiquibaseFiles.AddAll(liquibase, provider, contents);
            if (SqitchPlan.IsPresent(path))
            {
                SqitchPlan.AddAll(path, reader, contents);
            }

            return contents.Build();
        }
    }
}
