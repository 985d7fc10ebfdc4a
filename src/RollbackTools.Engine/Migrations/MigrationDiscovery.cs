using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// Finds migrations in a folder, recognising each file's format by its name: golang-migrate
    /// ({version}_{name}.up.sql / .down.sql), Flyway (V{version}__{desc}.sql / U{version}__{desc}.sql) and
    /// dbmate ({version}_{name}.sql with -- migrate:up / -- migrate:down sections). A
    /// {version}_{name}.verify.sql runs after up in any format.
    /// </summary>
    internal static class MigrationDiscovery
    {
        public const string DirectivePrefix = "-- rollbacktools:";
        public const string NoTransactionDirective = "no-transaction";
        public const string SoftDropDirective = "soft-drop";

        private static readonly Regex Golang = new Regex(@"^(?<v>\d+(?:\.\d+)*)_(?<name>.+)\.(?<kind>up|down|verify)\.sql$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Flyway = new Regex(@"^(?<kind>[VU])(?<v>\d+(?:[._]\d+)*)__(?<name>.+)\.sql$", RegexOptions.CultureInvariant);
        private static readonly Regex Dbmate = new Regex(@"^(?<v>\d+)_(?<name>.+)\.sql$", RegexOptions.CultureInvariant);
        private static readonly Regex DbmateMarker = new Regex(@"^--\s*migrate:(?<dir>up|down)(?<options>.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        private static readonly string[] KnownDirectives = { NoTransactionDirective, "soft-drop" };

        /// <param name="path">The folder.</param>
        /// <param name="provider">
        /// The target's database: its own {version}_{name}.{dialect}.up.sql files win over the generic ones, and
        /// other databases' files are passed over. Without it, only generic files count.
        /// </param>
        public static IReadOnlyList<MigrationScript> Discover(string path, DatabaseProvider? provider = null)
        {
            if (!Directory.Exists(path))
            {
                throw new RollbackToolsException(ErrorIds.MigrationPathNotFound, FailureCategory.ObjectNotFound, $"The migrations folder '{path}' does not exist.", path);
            }

            var ups = new Dictionary<MigrationVersion, (string Name, MigrationFormat Format, string Path, string Sql, string? Down, string? DownPath, bool UpTx, bool DownTx, int UpLine, int DownLine)>();
            var downs = new Dictionary<MigrationVersion, (string Path, string Sql)>();
            var verifies = new Dictionary<MigrationVersion, string>();
            var specific = new HashSet<(MigrationVersion, string)>();
            var autocommitDowns = new HashSet<MigrationVersion>();

            foreach (string file in Directory.EnumerateFiles(path, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
            {
                string fileName = Path.GetFileName(file);
                Match match;
                if ((match = Golang.Match(fileName)).Success)
                {
                    MigrationVersion version = MigrationVersion.Parse(match.Groups["v"].Value);
                    (string name, DatabaseProvider? dialect, bool autocommit) = Suffixes(match.Groups["name"].Value);
                    string kind = match.Groups["kind"].Value.ToLowerInvariant();
                    if (dialect != null && dialect != provider)
                    {
                        continue;
                    }

                    // The target's own file replaces the generic one of the same version and kind, whichever sorts first.
                    if (dialect != null)
                    {
                        if (!specific.Add((version, kind)))
                        {
                            throw new RollbackToolsException(ErrorIds.DuplicateMigrationVersion, FailureCategory.InvalidData, $"Version {version} has two {kind} scripts for this database: '{fileName}' is the second.", file);
                        }

                        _ = kind == "up" ? ups.Remove(version) : kind == "down" ? downs.Remove(version) : verifies.Remove(version);
                    }
                    else if (specific.Contains((version, kind)))
                    {
                        continue;
                    }

                    string sql = Read(file);
                    switch (kind)
                    {
                        case "up":
                            AddUp(ups, version, file, (name, MigrationFormat.GolangMigrate, file, sql, null, null, !autocommit && InTransaction(sql, file), true, 0, 0));
                            break;
                        case "down":
                            AddDown(downs, version, file, sql);
                            if (autocommit)
                            {
                                autocommitDowns.Add(version);
                            }
                            else
                            {
                                autocommitDowns.Remove(version);
                            }

                            break;
                        default:
                            verifies[version] = sql;
                            break;
                    }
                }
                else if ((match = Flyway.Match(fileName)).Success)
                {
                    MigrationVersion version = MigrationVersion.Parse(match.Groups["v"].Value.Replace('_', '.'));
                    string sql = Read(file);
                    if (match.Groups["kind"].Value == "V")
                    {
                        AddUp(ups, version, file, (match.Groups["name"].Value.Replace('_', ' '), MigrationFormat.Flyway, file, sql, null, null, InTransaction(sql, file), true, 0, 0));
                    }
                    else
                    {
                        AddDown(downs, version, file, sql);
                    }
                }
                else if ((match = Dbmate.Match(fileName)).Success)
                {
                    string sql = Read(file);
                    MigrationVersion version = MigrationVersion.Parse(match.Groups["v"].Value);
                    (string up, string? down, bool upTx, bool downTx, int upLine, int downLine) = SplitDbmate(sql, file);
                    AddUp(ups, version, file, (match.Groups["name"].Value, MigrationFormat.Dbmate, file, up, down, down == null ? null : file, upTx && InTransaction(up, file), downTx && (down == null || InTransaction(down, file)), upLine, downLine));
                }
            }

            foreach (KeyValuePair<MigrationVersion, (string Path, string Sql)> down in downs)
            {
                if (!ups.ContainsKey(down.Key))
                {
                    throw new RollbackToolsException(ErrorIds.OrphanDownScript, FailureCategory.InvalidData, $"'{Path.GetFileName(down.Value.Path)}' is a down script without an up script for version {down.Key}.", down.Value.Path);
                }
            }

            var scripts = new List<MigrationScript>();
            foreach (KeyValuePair<MigrationVersion, (string Name, MigrationFormat Format, string Path, string Sql, string? Down, string? DownPath, bool UpTx, bool DownTx, int UpLine, int DownLine)> up in ups)
            {
                string? downSql = up.Value.Down;
                string? downPath = up.Value.DownPath;
                bool downTx = up.Value.DownTx;
                int downLine = up.Value.DownLine;
                if (downs.TryGetValue(up.Key, out (string Path, string Sql) file))
                {
                    downSql = file.Sql;
                    downPath = file.Path;
                    downTx = !autocommitDowns.Contains(up.Key) && InTransaction(file.Sql, file.Path);
                    downLine = 0;
                }

                var script = new MigrationScript(up.Key, up.Value.Name, up.Value.Format, up.Value.Path, up.Value.Sql, downSql, downPath, up.Value.UpTx, downTx)
                {
                    UpLineOffset = up.Value.UpLine,
                    DownLineOffset = downLine,
                    SoftDrops = SoftDrops(up.Value.Sql, up.Value.Path),
                };
                if (verifies.TryGetValue(up.Key, out string? verify))
                {
                    script.VerifySql = verify;
                }

                scripts.Add(script);
            }

            scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
            return scripts;
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
                DatabaseProvider? named = token switch
                {
                    "postgres" or "postgresql" => DatabaseProvider.PostgreSql,
                    "mysql" or "mariadb" => DatabaseProvider.MySql,
                    "sqlite" or "sqlite3" => DatabaseProvider.Sqlite,
                    _ => null,
                };
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

        /// <summary>False when the script asks to run outside a transaction; throws on a directive we do not know.</summary>
        public static bool InTransaction(string sql, string file)
        {
            bool inTransaction = true;
            foreach (string raw in sql.Split('\n'))
            {
                string line = raw.Trim();
                if (!line.StartsWith(DirectivePrefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string directive = line.Substring(DirectivePrefix.Length).Trim();
                string word = directive.Split(' ', 2)[0].ToLowerInvariant();
                if (!KnownDirectives.Contains(word))
                {
                    throw new RollbackToolsException(ErrorIds.UnknownDirective, FailureCategory.InvalidData, $"{Path.GetFileName(file)}: '{line}' is not a RollbackTools directive. Known: {string.Join(", ", KnownDirectives)}.", file);
                }

                inTransaction &= word != NoTransactionDirective;
            }

            return inTransaction;
        }

        /// <summary>
        /// The soft deletes an up script asks for: "-- rollbacktools:soft-drop table name" or
        /// "-- rollbacktools:soft-drop column table.name".
        /// </summary>
        public static IReadOnlyList<(string Table, string? Column)> SoftDrops(string sql, string file)
        {
            var drops = new List<(string, string?)>();
            foreach (string raw in sql.Split('\n'))
            {
                string line = raw.Trim();
                if (!line.StartsWith(DirectivePrefix + SoftDropDirective, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string[] words = line.Substring(DirectivePrefix.Length + SoftDropDirective.Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 2 && words[0].Equals("table", StringComparison.OrdinalIgnoreCase))
                {
                    drops.Add((words[1], null));
                }
                else if (words.Length == 2 && words[0].Equals("column", StringComparison.OrdinalIgnoreCase) && words[1].Split('.') is { Length: 2 } parts)
                {
                    drops.Add((parts[0], parts[1]));
                }
                else
                {
                    throw new RollbackToolsException(ErrorIds.UnknownDirective, FailureCategory.InvalidData, $"{Path.GetFileName(file)}: '{line}' should read '{DirectivePrefix}{SoftDropDirective} table NAME' or '... column TABLE.COLUMN'.", file);
                }
            }

            return drops;
        }

        private static void AddUp<T>(Dictionary<MigrationVersion, T> ups, MigrationVersion version, string file, T entry)
        {
            if (ups.ContainsKey(version))
            {
                throw new RollbackToolsException(ErrorIds.DuplicateMigrationVersion, FailureCategory.InvalidData, $"Version {version} appears twice: '{Path.GetFileName(file)}' repeats an earlier migration's version.", file);
            }

            ups[version] = entry;
        }

        private static void AddDown(Dictionary<MigrationVersion, (string Path, string Sql)> downs, MigrationVersion version, string file, string sql)
        {
            if (downs.ContainsKey(version))
            {
                throw new RollbackToolsException(ErrorIds.DuplicateMigrationVersion, FailureCategory.InvalidData, $"Version {version} has two down scripts: '{Path.GetFileName(file)}' is the second.", file);
            }

            downs[version] = (file, sql);
        }

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>
        /// A script as text, refused when it is not UTF-8 (a Latin-1 byte read leniently would become U+FFFD and
        /// silently change the data it inserts) or not text at all. A UTF-8 BOM is dropped; an empty file is
        /// a valid migration that runs nothing.
        /// </summary>
        private static string Read(string file)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.ReadError, $"'{file}' cannot be read: {ex.Message}", file, ex);
            }

            int bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            string sql;
            try
            {
                sql = StrictUtf8.GetString(bytes, bom, bytes.Length - bom);
            }
            catch (DecoderFallbackException ex)
            {
                int offset = bom + Math.Max(0, ex.Index);
                string bad = ex.BytesUnknown is { Length: > 0 } unknown ? $"0x{unknown[0]:X2}" : "a byte";
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' is not valid UTF-8: {bad} at byte offset {offset} (line {LineAt(bytes, offset)}). Save it as UTF-8; nothing was applied.", file, ex);
            }

            int nul = sql.IndexOf('\0', StringComparison.Ordinal);
            if (nul >= 0)
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' holds binary data (a NUL character at line {sql.AsSpan(0, nul).Count('\n') + 1}); it is not a SQL script. Nothing was applied.", file);
            }

            return sql;
        }

        private static int LineAt(byte[] bytes, int offset)
        {
            int line = 1;
            for (int i = 0; i < offset && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                }
            }

            return line;
        }

        private static (string Up, string? Down, bool UpTx, bool DownTx, int UpLine, int DownLine) SplitDbmate(string sql, string file)
        {
            MatchCollection markers = DbmateMarker.Matches(sql);
            Match? up = markers.FirstOrDefault(m => m.Groups["dir"].Value == "up");
            if (up == null)
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' has no '-- migrate:up' section.", file);
            }

            Match? down = markers.FirstOrDefault(m => m.Groups["dir"].Value == "down");
            // The section's first line within the file, so a failing statement is reported at its line in the file.
            (string Text, int LinesBefore) Section(Match marker)
            {
                int start = marker.Index + marker.Length;
                Match? next = markers.FirstOrDefault(m => m.Index > marker.Index);
                string raw = sql.Substring(start, (next?.Index ?? sql.Length) - start);
                string text = raw.Trim();
                int textStart = start + (raw.Length - raw.TrimStart().Length);
                return (text, sql.AsSpan(0, textStart).Count('\n'));
            }

            // An empty section is a step that runs nothing; a missing down section is a missing down script.
            (string upSql, int upLine) = Section(up);
            (string? downSql, int downLine) = down == null ? (null, 0) : Section(down);
            static bool Transactional(Match m) => !m.Groups["options"].Value.Contains("transaction:false", StringComparison.OrdinalIgnoreCase);
            return (upSql, downSql, Transactional(up), down == null || Transactional(down), upLine, downLine);
        }
    }
}
