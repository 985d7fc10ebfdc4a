using System.Text;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>Reads the scripts of one folder in its encoding.</summary>
    internal sealed class FolderReader
    {
        private readonly Encoding? encoding;

        public FolderReader(Encoding? encoding) => this.encoding = encoding;

        public string Read(string file) => ScriptReader.Read(file, encoding);
    }
}
