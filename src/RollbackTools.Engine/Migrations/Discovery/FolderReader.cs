using System.Text;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>Reads the scripts of one folder in its encoding.</summary>
    internal sealed class FolderReader
    {
        private readonly Encoding? encoding;

        public FolderReader(Encoding? encoding) => this.encoding = encoding;

        public string Read(string file) => ScriptReader.Read(file, encoding);

        /// <summary>
        /// The file's first bytes as text, leniently: enough to see a format's header line without refusing a
        /// file that is no migration at all (notes.sql saved in another encoding stays ignored, as before).
        /// </summary>
        public string Head(string file)
        {
            var buffer = new byte[512];
            int read;
            try
            {
                using var stream = System.IO.File.OpenRead(file);
                read = stream.Read(buffer, 0, buffer.Length);
            }
            catch (System.Exception ex) when (ex is System.IO.IOException or System.UnauthorizedAccessException)
            {
                return string.Empty;
            }

            return (encoding ?? Encoding.UTF8).GetString(buffer, 0, read);
        }
    }
}
