namespace RollbackTools.Engine.Migrations
{
    /// <summary>A migration as a format reader finds it, before the folder's down and verify files join it.</summary>
    internal sealed class ScriptDraft
    {
        public ScriptDraft(MigrationVersion version, string name, MigrationFormat format, string path, string upSql, bool upInTransaction)
        {
            Version = version;
            Name = name;
            Format = format;
            Path = path;
            UpSql = upSql;
            UpInTransaction = upInTransaction;
        }

        public MigrationVersion Version { get; }

        public string Name { get; }

        public MigrationFormat Format { get; }

        public string Path { get; }

        public string UpSql { get; }

        public bool UpInTransaction { get; }

        public int UpLine { get; init; }

        public string? DownSql { get; set; }

        public string? DownPath { get; set; }

        public bool DownInTransaction { get; set; } = true;

        public int DownLine { get; set; }

        public string? VerifySql { get; set; }

        public bool VerifyNeedsRow { get; set; } = true;

        public MigrationScript ToScript() =>
            new MigrationScript(Version, Name, Format, Path, UpSql, DownSql, DownPath, UpInTransaction, DownInTransaction)
            {
                UpLineOffset = UpLine,
                DownLineOffset = DownLine,
                SoftDrops = MigrationDirectives.SoftDrops(UpSql, Path),
                VerifySql = VerifySql,
                VerifyNeedsRow = VerifyNeedsRow,
            };
    }
}
