using System;
using System.Data.Common;
using System.Globalization;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>Column values as the other tools store them: booleans as bool, tinyint or integer, times as timestamps or text.</summary>
    internal static class HistoryValues
    {
        public static string? Text(DbDataReader row, string column)
        {
            object value = row[column];
            return value is DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        public static bool Flag(DbDataReader row, string column)
        {
            object value = row[column];
            return value switch
            {
                DBNull => false,
                bool b => b,
                string s => s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("t", StringComparison.OrdinalIgnoreCase),
                _ => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            };
        }

        public static long Number(DbDataReader row, string column) => Convert.ToInt64(row[column], CultureInfo.InvariantCulture);

        public static DateTimeOffset? Time(DbDataReader row, string column)
        {
            object value = row[column];
            return value switch
            {
                DBNull => null,
                DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind)),
                DateTimeOffset t => t,
                string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) => t,
                _ => null,
            };
        }
    }
}
