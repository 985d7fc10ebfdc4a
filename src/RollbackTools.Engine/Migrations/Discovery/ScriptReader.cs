using System;
using System.IO;
using System.Text;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>Reads a script as text, refusing what is not text in the folder's encoding.</summary>
    internal static class ScriptReader
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>
        /// A script as text. Without an encoding it must be UTF-8: a Latin-1 byte read leniently would become
        /// U+FFFD and silently change the data it inserts. A BOM is dropped; a NUL means binary data, not SQL;
        /// an empty file is a valid migration that runs nothing.
        /// </summary>
        public static string Read(string file, Encoding? encoding)
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

            string sql = encoding == null ? DecodeUtf8(bytes, file) : Decode(bytes, encoding, file);
            int nul = sql.IndexOf('\0', StringComparison.Ordinal);
            if (nul >= 0)
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' holds binary data (a NUL character at line {sql.AsSpan(0, nul).Count('\n') + 1}); it is not a SQL script. Nothing was applied.", file);
            }

            return sql;
        }

        private static string DecodeUtf8(byte[] bytes, string file)
        {
            int bom = HasUtf8Bom(bytes) ? 3 : 0;
            try
            {
                return StrictUtf8.GetString(bytes, bom, bytes.Length - bom);
            }
            catch (DecoderFallbackException ex)
            {
                int offset = bom + Math.Max(0, ex.Index);
                string bad = ex.BytesUnknown is { Length: > 0 } unknown ? $"0x{unknown[0]:X2}" : "a byte";
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' is not valid UTF-8: {bad} at byte offset {offset} (line {LineAt(bytes, offset)}). Save it as UTF-8, or name its encoding with -Encoding; nothing was applied.", file, ex);
            }
        }

        // A named encoding is taken at its word, except that bytes it cannot map are refused, not replaced.
        private static string Decode(byte[] bytes, Encoding encoding, string file)
        {
            var strict = (Encoding)encoding.Clone();
            strict.DecoderFallback = DecoderFallback.ExceptionFallback;
            int preamble = encoding.GetPreamble() is { Length: > 0 } p && bytes.AsSpan().StartsWith(p) ? p.Length : 0;
            if (preamble == 0 && HasUtf8Bom(bytes) && encoding.CodePage != Encoding.UTF8.CodePage)
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' starts with a UTF-8 byte order mark but -Encoding says {encoding.WebName}; nothing was applied.", file);
            }

            try
            {
                return strict.GetString(bytes, preamble, bytes.Length - preamble);
            }
            catch (DecoderFallbackException ex)
            {
                int offset = preamble + Math.Max(0, ex.Index);
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidData, $"'{Path.GetFileName(file)}' is not valid {encoding.WebName}: byte offset {offset} (line {LineAt(bytes, offset)}). Nothing was applied.", file, ex);
            }
        }

        private static bool HasUtf8Bom(byte[] bytes) => bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;

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
    }
}
