using System;
using System.Collections.Generic;
using System.Text;
using RollbackTools.Engine.Providers;

namespace RollbackTools.Engine.Connections.Urls
{
    /// <summary>How one database's targets are written as URLs and read back: its provider owns it.</summary>
    internal interface IUrlGrammar
    {
        /// <summary>The URL schemes the database answers to; the first is the one <see cref="Format"/> writes.</summary>
        IReadOnlyList<string> Schemes { get; }

        /// <summary>How a URL with <paramref name="scheme"/> starts, for messages: postgres:// or sqlite:.</summary>
        string Written(string scheme);

        /// <summary>True for text without a scheme that still names this database (a SQLite file: shop.db).</summary>
        bool TakesBarePath(string text);

        /// <summary>Reads <paramref name="text"/>, a URL with one of <see cref="Schemes"/> or a bare path this grammar takes.</summary>
        DatabaseTarget Parse(IDatabaseProvider provider, string text);

        /// <summary>The target as a URL after "scheme:", without its password.</summary>
        void Format(DatabaseTarget target, StringBuilder url);

        /// <summary>
        /// The target with what is relative in it made absolute by the caller's notion of the current location
        /// (PowerShell's, not the process's): a SQLite file path. Server targets are returned as they are.
        /// </summary>
        DatabaseTarget Locate(DatabaseTarget target, Func<string, string> fullPath);
    }
}
