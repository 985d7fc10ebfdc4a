using System.IO;
using System.Text;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// Flyway's checksum of a script: CRC-32 over each line's UTF-8 bytes without its line break (a BOM on
    /// the first line dropped), as a signed 32-bit number. Recomputing it tells whether the file in the
    /// folder is the one Flyway applied.
    /// </summary>
    internal static class FlywayChecksum
    {
        private static readonly uint[] Table = BuildTable();

        public static int Of(string script)
        {
            uint crc = 0xFFFFFFFF;
            using var reader = new StringReader(script.Length > 0 && script[0] == '\uFEFF' ? script.Substring(1) : script);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                foreach (byte b in Encoding.UTF8.GetBytes(line))
                {
                    crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
                }
            }

            return unchecked((int)(crc ^ 0xFFFFFFFF));
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
