using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using RollbackTools.Engine.Migrations;

namespace RollbackTools
{
    /// <summary>One file New-Migration writes: where, and what it holds.</summary>
    public sealed record ScaffoldFile(string Path, string Content);

    /// <summary>
    /// The files of a new migration in the layout a folder already uses (or the one asked for): an up and a
    /// down script, or one sectioned file, with a timestamp version that sorts after everything there.
    /// Planned first and written only when every file is new, so a refusal leaves the folder as it was.
    /// </summary>
    public static class MigrationScaffold
    {
        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        public static IReadOnlyList<ScaffoldFile> Plan(MigrationFolder folder, string name, MigrationFormat? format, MigrationVersion? version, DateTimeOffset now)
        {
            string cleaned = Regex.Replace(name.Trim(), @"[\s\-]+", "_");
            if (!NamePattern.IsMatch(cleaned))
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationName, FailureCategory.InvalidArgument, $"'{name}' cannot name a migration file: use letters, digits and underscores (add_users_email).", name);
            }

            IReadOnlyList<MigrationScript> existing = Directory.Exists(folder.Path) ? MigrationDiscovery.Discover(folder) : Array.Empty<MigrationScript>();
            MigrationFormat layout = format ?? FolderLayout(existing);
            if (layout is not (MigrationFormat.GolangMigrate or MigrationFormat.Dbmate or MigrationFormat.Flyway or MigrationFormat.Goose))
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"New-Migration writes GolangMigrate, Dbmate, Flyway or Goose files; this folder is {layout}: pass -Format.", layout);
            }

            MigrationVersion chosen = version ?? MigrationVersion.Parse(now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
            MigrationScript? taken = existing.FirstOrDefault(s => s.Version.Equals(chosen));
            if (taken != null)
            {
                throw new RollbackToolsException(ErrorIds.DuplicateMigrationVersion, FailureCategory.InvalidArgument, $"Version {chosen} is taken by {Path.GetFileName(taken.UpPath)}: pass another -Version, or wait a second for a new timestamp.", chosen);
            }

            string header = $"-- {chosen} {cleaned}: created by New-Migration on {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.";
            IReadOnlyList<ScaffoldFile> files = layout switch
            {
                MigrationFormat.GolangMigrate => new[]
                {
                    new ScaffoldFile(Path.Combine(folder.Path, $"{chosen}_{cleaned}.up.sql"), $"{header}\n-- What this migration changes.\n\n"),
                    new ScaffoldFile(Path.Combine(folder.Path, $"{chosen}_{cleaned}.down.sql"), $"{header}\n-- Undoes the up script exactly, so Undo-Migration can take it back.\n\n"),
                },
                MigrationFormat.Flyway => new[]
                {
                    new ScaffoldFile(Path.Combine(folder.Path, $"V{chosen}__{cleaned}.sql"), $"{header}\n-- What this migration changes.\n\n"),
                    new ScaffoldFile(Path.Combine(folder.Path, $"U{chosen}__{cleaned}.sql"), $"{header}\n-- Undoes V{chosen} exactly, so Undo-Migration can take it back.\n\n"),
                },
                MigrationFormat.Dbmate => new[]
                {
                    new ScaffoldFile(Path.Combine(folder.Path, $"{chosen}_{cleaned}.sql"), $"{header}\n-- migrate:up\n\n\n-- migrate:down\n\n"),
                },
                _ => new[]
                {
                    new ScaffoldFile(Path.Combine(folder.Path, $"{chosen}_{cleaned}.sql"), $"{header}\n-- +goose Up\n\n\n-- +goose Down\n\n"),
                },
            };

            ScaffoldFile? present = files.FirstOrDefault(f => File.Exists(f.Path));
            if (present != null)
            {
                throw new RollbackToolsException(ErrorIds.DuplicateMigrationVersion, FailureCategory.InvalidArgument, $"'{present.Path}' exists already; nothing was written.", present.Path);
            }

            return files;
        }

        /// <summary>Writes planned files; each is created new, so a file that appeared meanwhile is never overwritten.</summary>
        public static void Write(IReadOnlyList<ScaffoldFile> files)
        {
            var written = new List<string>();
            try
            {
                foreach (ScaffoldFile file in files)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
                    using var stream = new FileStream(file.Path, FileMode.CreateNew, FileAccess.Write);
                    written.Add(file.Path);
                    byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(file.Content);
                    stream.Write(bytes, 0, bytes.Length);
                }
            }
            catch (IOException ex)
            {
                // One file of a pair alone would be a migration without its down: none stays.
                foreach (string path in written)
                {
                    File.Delete(path);
                }

                throw new RollbackToolsException(ErrorIds.MigrationNotWritten, FailureCategory.WriteError, $"The migration's files could not be written ({ex.Message}); none was left behind.", files[0].Path, ex);
            }
        }

        /// <summary>The layout most of the folder's migrations use; golang-migrate's pair in an empty folder.</summary>
        private static MigrationFormat FolderLayout(IReadOnlyList<MigrationScript> existing) =>
            existing.Count == 0
                ? MigrationFormat.GolangMigrate
                : existing.GroupBy(s => s.Format).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
    }
}
