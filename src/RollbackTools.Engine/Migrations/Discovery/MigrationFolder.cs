using System.Text;

namespace RollbackTools
{
    /// <summary>
    /// A migrations folder and how its scripts are encoded. Without an encoding every script must be UTF-8
    /// (a BOM is allowed): anything else is refused rather than guessed, since a wrong guess changes the data a
    /// script inserts.
    /// </summary>
    public sealed class MigrationFolder
    {
        public MigrationFolder(string path, Encoding? encoding = null)
        {
            Path = path;
            Encoding = encoding;
        }

        public string Path { get; }

        /// <summary>The scripts' encoding when it is not UTF-8 (-Encoding).</summary>
        public Encoding? Encoding { get; }

        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(path))]
        public static implicit operator MigrationFolder?(string? path) => path == null ? null : new MigrationFolder(path);

        public override string ToString() => Path;
    }
}
