using System;
using System.Globalization;

namespace RollbackTools.Engine.Storage
{
    /// <summary>
    /// Times in the module's own tables: ISO 8601 UTC text of fixed width, which sorts and compares the
    /// same on every database and never depends on a server's time zone.
    /// </summary>
    internal static class StoredTime
    {
        public static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        public static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
