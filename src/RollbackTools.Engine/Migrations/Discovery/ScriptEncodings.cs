using System;
using System.Globalization;
using System.Text;

namespace RollbackTools
{
    /// <summary>The encodings -Encoding accepts: a name .NET or Windows knows (latin1, windows-1252, utf-16) or a code page number.</summary>
    public static class ScriptEncodings
    {
        /// <summary>What tab completion offers; any other known name or code page works too.</summary>
        public static readonly string[] Common = { "utf8", "latin1", "windows-1252", "iso-8859-15", "utf-16", "utf-16BE", "ascii" };

        static ScriptEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        /// <exception cref="ArgumentException">No such encoding.</exception>
        public static Encoding Parse(string name)
        {
            string trimmed = name.Trim();
            try
            {
                return trimmed.ToLowerInvariant() switch
                {
                    "utf8" or "utf-8" or "utf8nobom" or "utf8bom" => new UTF8Encoding(false),
                    "latin1" => Encoding.Latin1,
                    "unicode" or "utf-16" or "utf16" => Encoding.Unicode,
                    "bigendianunicode" or "utf-16be" => Encoding.BigEndianUnicode,
                    _ when int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int codePage) => Encoding.GetEncoding(codePage),
                    _ => Encoding.GetEncoding(trimmed),
                };
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                throw new ArgumentException($"'{name}' is not an encoding this machine knows. Use a name such as {string.Join(", ", Common)}, or a code page number.", nameof(name), ex);
            }
        }
    }
}
