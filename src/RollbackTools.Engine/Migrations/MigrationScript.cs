using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>How a migration was written on disk.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum MigrationFormat : long
    {
        GolangMigrate,
        Dbmate,
        Flyway,
        Goose,
        Liquibase,
        Sqitch,
    }

    /// <summary>One migration as found on disk: its up script and, when written, its down and verify scripts.</summary>
    internal sealed class MigrationScript
    {
        public MigrationScript(MigrationVersion version, string name, MigrationFormat format, string upPath, string upSql, string? downSql, string? downPath, bool upInTransaction, bool downInTransaction)
        {
            Version = version;
            Name = name;
            Format = format;
            UpPath = upPath;
            UpSql = upSql;
            DownSql = downSql;
            DownPath = downPath;
            UpInTransaction = upInTransaction;
            DownInTransaction = downInTransaction;
            Checksum = Sha256(upSql);
        }

        public MigrationVersion Version { get; }

        public string Name { get; }

        public MigrationFormat Format { get; }

        public string UpPath { get; }

        public string UpSql { get; }

        public string? DownSql { get; }

        public string? DownPath { get; }

        public string? VerifySql { get; set; }

        /// <summary>The verify script passes only when its last statement returns a row (ours); Sqitch's pass when they raise no error.</summary>
        public bool VerifyNeedsRow { get; init; } = true;

        /// <summary>The up script is empty, whitespace or comments only: the migration runs nothing.</summary>
        public bool UpIsEmpty => IsEmptyScript(UpSql);

        /// <summary>The down script exists and runs nothing: there is nothing to undo.</summary>
        public bool DownIsEmpty => DownSql != null && IsEmptyScript(DownSql);

        /// <summary>
        /// No statement: only whitespace, -- and # line comments and /* */ blocks. What a server would parse as
        /// nothing, the journal records as a step of no statements.
        /// </summary>
        public static bool IsEmptyScript(string sql)
        {
            int i = 0;
            while (i < sql.Length)
            {
                char c = sql[i];
                if (char.IsWhiteSpace(c) || c == ';')
                {
                    i++;
                }
                else if ((c == '-' && i + 1 < sql.Length && sql[i + 1] == '-') || c == '#')
                {
                    int end = sql.IndexOf('\n', i);
                    i = end < 0 ? sql.Length : end;
                }
                else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
                {
                    int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return false;
                    }

                    i = end + 2;
                }
                else
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Lines in the file before the up script starts (dbmate keeps both directions in one file).</summary>
        public int UpLineOffset { get; init; }

        public int DownLineOffset { get; init; }

        public bool UpInTransaction { get; }

        /// <summary>Tables and columns the up script soft-deletes by directive; undoing the migration restores them.</summary>
        public IReadOnlyList<(string Table, string? Column)> SoftDrops { get; init; } = Array.Empty<(string, string?)>();

        public bool DownInTransaction { get; }

        /// <summary>
        /// A repeatable migration about to replace <paramref name="previousText"/>: undoing it runs that text
        /// again, so the journal keeps it as the down script.
        /// </summary>
        public MigrationScript Replacing(string previousText) =>
            new MigrationScript(Version, Name, Format, UpPath, UpSql, previousText, null, UpInTransaction, UpInTransaction)
            {
                UpLineOffset = UpLineOffset,
                SoftDrops = SoftDrops,
                VerifySql = VerifySql,
                VerifyNeedsRow = VerifyNeedsRow,
            };

        /// <summary>sha256 of the up script, as recorded in the journal.</summary>
        public string Checksum { get; }

        public static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }
}
